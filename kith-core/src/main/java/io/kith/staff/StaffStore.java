package io.kith.staff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The console's staff accounts and their sessions (what staff do is in {@link io.kith.audit.AuditLog}). Thread-safe. */
public interface StaffStore {
    /**
     * Saves a new account.
     *
     * @throws io.kith.error.KithException {@code CONFLICT} when the user name is taken
     */
    StaffAccount create(StaffAccount account);

    /** Replaces an account's role, brands and password hash (by id). */
    void update(StaffAccount account);

    Optional<StaffAccount> byId(String id);

    Optional<StaffAccount> byUsername(String username);

    /** Every account, by user name. */
    List<StaffAccount> all();

    void saveSession(StaffSession session);

    Optional<StaffSession> session(String tokenHash);

    void deleteSession(String tokenHash);

    /** Moves a session's end (its idle timeout, slid on by activity); nothing for a session not held. */
    void extendSession(String tokenHash, Instant expiresAt);

    /** Ends every session of an account (its password changed); returns how many. */
    int deleteSessionsOf(String accountId);

    /** Forgets the sessions expired at {@code now}; returns how many. */
    int deleteExpiredSessions(Instant now);
}
