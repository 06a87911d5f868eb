package io.kith.console;

import static io.kith.console.Permission.ACCOUNTS;
import static io.kith.console.Permission.CONTACT_POINTS;
import static io.kith.console.Permission.CUSTOMER_DETAIL;
import static io.kith.console.Permission.DASHBOARD;
import static io.kith.console.Permission.LOOKUP;
import static io.kith.console.Permission.SEGMENTS;
import static io.kith.console.Permission.SIGNED_IN;
import static io.kith.console.Permission.SOURCES;
import static io.kith.console.Permission.SPLIT_MERGE;
import static io.kith.console.Permission.UNMASKED;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.staff.StaffRole;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The role rules of docs/console.md, pinned: a change here is a change of who sees what. */
class PermissionTest {
    private static Set<Permission> of(StaffRole role) {
        return Arrays.stream(Permission.values()).filter(p -> p.allows(role)).collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
    }

    @Test
    void storeStaffSeeLookupAndBadgesOnly() {
        assertThat(of(StaffRole.STORE_STAFF)).containsExactlyInAnyOrder(SIGNED_IN, LOOKUP);
    }

    @Test
    void serviceAgentsSeeTheCustomerWithContactPointsAndMaySplitAMergeButSeeSensitiveFieldsMasked() {
        assertThat(of(StaffRole.SERVICE_AGENT)).containsExactlyInAnyOrder(SIGNED_IN, LOOKUP, CUSTOMER_DETAIL, CONTACT_POINTS, SPLIT_MERGE);
    }

    @Test
    void marketersSeeSegmentsAndDashboardsAndCustomersMasked() {
        assertThat(of(StaffRole.MARKETER)).containsExactlyInAnyOrder(SIGNED_IN, LOOKUP, SEGMENTS, DASHBOARD);
    }

    @Test
    void adminsSeeEverything() {
        assertThat(of(StaffRole.ADMIN)).containsExactlyInAnyOrder(Permission.values());
        assertThat(of(StaffRole.ADMIN)).contains(UNMASKED, SOURCES, ACCOUNTS);
    }
}
