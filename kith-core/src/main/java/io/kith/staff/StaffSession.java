package io.kith.staff;

import java.time.Instant;

/**
 * A signed-in console session. The store keeps the SHA-256 of the cookie's random token, not the token, so that a copy
 * of the database opens no session.
 *
 * @param csrfToken the token every form and state-changing request of this session must carry
 */
public record StaffSession(String tokenHash, String accountId, String csrfToken, Instant createdAt, Instant expiresAt) {
}
