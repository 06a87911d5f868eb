package io.kith.staff;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Locale;

/** What a member of staff does, which decides what the console shows them (see the console's role rules). */
public enum StaffRole {
    /** Everything: accounts, sources and keys, the audit log, every screen unmasked. */
    ADMIN,
    /** Segments and dashboards; looks customers up with sensitive fields masked. */
    MARKETER,
    /** The customer in front of them: lookup, the customer view with sensitive fields masked, splitting a wrong merge. */
    SERVICE_AGENT,
    /** Lookup and badges only. */
    STORE_STAFF;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role by its wire name ({@code service_agent}) or its name in any case. */
    public static StaffRole parse(String text) {
        if (text != null) {
            for (StaffRole r : values()) {
                if (r.wire().equalsIgnoreCase(text.trim().replace('-', '_'))) {
                    return r;
                }
            }
        }
        throw new KithException(ErrorCode.INVALID_ARGUMENT, "a staff role is one of admin, marketer, service_agent, store_staff; was \"" + text + "\"");
    }
}
