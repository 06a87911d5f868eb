package io.kith.source;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The channel a source collects from. It labels every event for analysis, and it decides whether the source's write key
 * is a secret: a web page or an app ships its key to every visitor ({@linkplain #clientSide client-side}), a POS, CRM or
 * call centre keeps it on its servers.
 */
public enum SourceKind {
    WEB, MOBILE, SERVER, POS, CRM, CALL_CENTER, THIRD_PARTY, OTHER;

    /** The names in lower case, made once (identity extraction asks for a source's kind on every event). */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** Parses a kind written in any case, with '-' or '_' ("call-centre" and "call_center" are both accepted). */
    public static SourceKind parse(String text) {
        if (text == null || text.isBlank()) {
            return OTHER;
        }
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_').replace("CENTRE", "CENTER");
        for (SourceKind k : values()) {
            if (k.name().equals(norm)) {
                return k;
            }
        }
        if (norm.equals("APP") || norm.equals("IOS") || norm.equals("ANDROID")) {
            return MOBILE;
        }
        throw new KithException(ErrorCode.INVALID_ARGUMENT, "unknown source kind '" + text + "'; expected one of "
                + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /**
     * Whether the source runs on its users' devices (web pages, apps), so that its write key is public anyway; every other
     * kind (OTHER included) sends from servers, and its write key is a secret that stores keep only a digest of.
     */
    public boolean clientSide() {
        return this == WEB || this == MOBILE;
    }

    public String wireName() {
        return wireName;
    }
}
