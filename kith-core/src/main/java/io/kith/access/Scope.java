package io.kith.access;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What an API key may do. The admin key holds every scope; write keys hold none (they only send events). */
public enum Scope {
    /** Read profiles, their timelines and explanations (service desks, checkouts). */
    PROFILES_READ("profiles:read"),
    /** Correct identity resolution: declare identifiers distinct, unlink them, rebuild. */
    IDENTITY_WRITE("identity:write"),
    /** Read the quarantine and sources. */
    ADMIN_READ("admin:read"),
    /** Read segments, their members (profile ids and, in exports, contact identifiers) and a profile's memberships. */
    SEGMENTS_READ("segments:read"),
    /** Create and change segment definitions, preview and validate conditions. */
    SEGMENTS_WRITE("segments:write"),
    /** Read privacy requests (regulations) and their records, and export everything held about a person. */
    PRIVACY_READ("privacy:read"),
    /** Make privacy requests: erase, suppress, unsuppress. */
    PRIVACY_WRITE("privacy:write");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Scope parse(String text) {
        for (Scope s : values()) {
            if (s.wire.equals(text)) {
                return s;
            }
        }
        throw new KithException(ErrorCode.INVALID_ARGUMENT, "unknown scope \"" + text + "\"; scopes are "
                + Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", ")));
    }
}
