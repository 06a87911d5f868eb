package io.kith.console;

import static io.kith.staff.StaffRole.ADMIN;
import static io.kith.staff.StaffRole.MARKETER;
import static io.kith.staff.StaffRole.SERVICE_AGENT;
import static io.kith.staff.StaffRole.STORE_STAFF;

import io.kith.staff.StaffRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a console page or a part of one needs, and which roles have it: the console's role rules, in one table. Every
 * page is registered with one (see {@link Pages}); the parts of the customer view ask for theirs.
 */
public enum Permission {
    /** Any signed-in account: its own password, the home page. */
    SIGNED_IN(ADMIN, MARKETER, SERVICE_AGENT, STORE_STAFF),
    /** The search box, and a customer's card: name, contact points (masked unless {@link #UNMASKED}), badges. */
    LOOKUP(ADMIN, MARKETER, SERVICE_AGENT, STORE_STAFF),
    /** The whole customer view: identifiers, traits, the timeline, the identity panel. */
    CUSTOMER_DETAIL(ADMIN, SERVICE_AGENT),
    /** Contact points, sensitive traits and identifiers, and alert details in clear. */
    UNMASKED(ADMIN),
    /** Contact points in clear (the agent talks to the customer); sensitive traits stay masked. */
    CONTACT_POINTS(ADMIN, SERVICE_AGENT),
    /** Splitting a wrong merge: an identity override, and the rebuild it starts. */
    SPLIT_MERGE(ADMIN, SERVICE_AGENT),
    /** Segments: list, builder, pages, export; a customer's memberships. */
    SEGMENTS(ADMIN, MARKETER),
    DASHBOARD(ADMIN, MARKETER),
    /** Sources and write keys. */
    SOURCES(ADMIN),
    /** Staff accounts and the audit log. */
    ACCOUNTS(ADMIN),
    /** Privacy requests (erase, suppress, export a person's data) and their records. */
    PRIVACY(ADMIN);

    private final Set<StaffRole> roles;

    Permission(StaffRole... roles) {
        this.roles = EnumSet.copyOf(Set.of(roles));
    }

    public boolean allows(StaffRole role) {
        return roles.contains(role);
    }
}
