package io.kith.admin;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.HttpCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <admin key>}, in constant time; a write key never passes. */
public final class AdminAuth {
    private final byte[] adminKey;

    public AdminAuth(String adminKey) {
        if (adminKey == null || adminKey.length() < 16) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the admin key must have at least 16 characters");
        }
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    public void require(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new KithException(ErrorCode.UNAUTHENTICATED, "this API needs \"Authorization: Bearer <admin key>\"");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, adminKey)) {
            throw new KithException(ErrorCode.UNAUTHENTICATED, "the bearer token is not the admin key");
        }
    }
}
