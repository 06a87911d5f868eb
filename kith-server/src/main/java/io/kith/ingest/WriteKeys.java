package io.kith.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the write key the way Segment's and RudderStack's clients send it: as the user name of HTTP Basic
 * authentication (password empty), or as {@code writeKey} in the JSON body.
 */
final class WriteKeys {
    private WriteKeys() {
    }

    /** The user name of a Basic {@code Authorization} header, or null. */
    static String fromBasic(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon >= 0 ? decoded.substring(0, colon) : decoded;
            return user.isBlank() ? null : user;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
