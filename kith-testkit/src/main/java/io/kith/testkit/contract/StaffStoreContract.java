package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffSession;
import io.kith.staff.StaffStore;
import io.kith.store.Store;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every store's {@link StaffStore} must do (and the console's read of the RFM grid from the profile values). */
public abstract class StaffStoreContract {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    private static StaffAccount account(String id, String username, StaffRole role, BrandScope brands) {
        return new StaffAccount(id, username, role, brands, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", T, T);
    }

    @Test
    void accountsAreReadBackExactlyAndUserNamesAreUnique() {
        try (Store store = newStore()) {
            StaffStore s = store.staff();
            StaffAccount ann = s.create(account("sa_1", "ann", StaffRole.ADMIN, BrandScope.ALL));
            StaffAccount bob = s.create(account("sa_2", "bob", StaffRole.SERVICE_AGENT, new BrandScope(Set.of("northwind", "contoso"))));
            assertThat(s.byUsername("bob")).contains(bob);
            assertThat(s.byId("sa_1")).contains(ann);
            assertThat(s.byUsername("carol")).isEmpty();
            assertThat(s.all()).containsExactly(ann, bob);
            assertThatThrownBy(() -> s.create(account("sa_3", "bob", StaffRole.MARKETER, BrandScope.ALL)))
                    .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

            StaffAccount changed = bob.withRole(StaffRole.STORE_STAFF, new BrandScope(Set.of("contoso"))).withPasswordHash("$argon2id$new", T.plusSeconds(5));
            s.update(changed);
            assertThat(s.byId("sa_2")).contains(changed);
        }
    }

    @Test
    void sessionsAreFoundByTokenHashAndEnd() {
        try (Store store = newStore()) {
            StaffStore s = store.staff();
            StaffSession a = new StaffSession("h_a", "sa_1", "csrf_a", T, T.plusSeconds(3600));
            StaffSession b = new StaffSession("h_b", "sa_1", "csrf_b", T, T.plusSeconds(60));
            StaffSession c = new StaffSession("h_c", "sa_2", "csrf_c", T, T.plusSeconds(3600));
            s.saveSession(a);
            s.saveSession(b);
            s.saveSession(c);
            assertThat(s.session("h_a")).contains(a);
            s.extendSession("h_b", T.plusSeconds(120));
            s.extendSession("h_nothing", T.plusSeconds(120));
            assertThat(s.session("h_b")).contains(new StaffSession("h_b", "sa_1", "csrf_b", T, T.plusSeconds(120)));
            assertThat(s.session("h_nothing")).isEmpty();
            assertThat(s.deleteExpiredSessions(T.plusSeconds(60))).isZero();
            s.extendSession("h_b", T.plusSeconds(60));
            assertThat(s.deleteExpiredSessions(T.plusSeconds(60))).isEqualTo(1);
            assertThat(s.session("h_b")).isEmpty();
            s.deleteSession("h_c");
            assertThat(s.session("h_c")).isEmpty();
            assertThat(s.deleteSessionsOf("sa_1")).isEqualTo(1);
            assertThat(s.session("h_a")).isEmpty();
        }
    }

    @Test
    void theRfmGridCountsProfilesAndRevenuePerCell() {
        try (Store store = newStore()) {
            JsonNodeFactory n = JsonNodeFactory.instance;
            ProfileValueStore v = store.values();
            assertThat(v.rfmCells()).isEmpty();
            v.put(List.of(
                    new ProfileValueStore.Computed("p_1", Namespace.RFM, "r", n.numberNode(5), 1, T),
                    new ProfileValueStore.Computed("p_1", Namespace.RFM, "f", n.numberNode(4), 1, T),
                    new ProfileValueStore.Computed("p_1", Namespace.RFM, "m", n.numberNode(5), 1, T),
                    new ProfileValueStore.Computed("p_1", Namespace.RFM, "monetary", n.numberNode(new BigDecimal("120.50")), 1, T),
                    new ProfileValueStore.Computed("p_2", Namespace.RFM, "r", n.numberNode(5), 1, T),
                    new ProfileValueStore.Computed("p_2", Namespace.RFM, "f", n.numberNode(5), 1, T),
                    new ProfileValueStore.Computed("p_2", Namespace.RFM, "m", n.numberNode(4), 1, T),
                    new ProfileValueStore.Computed("p_2", Namespace.RFM, "monetary", n.numberNode(new BigDecimal("79.50")), 1, T),
                    new ProfileValueStore.Computed("p_3", Namespace.RFM, "r", n.numberNode(1), 1, T),
                    new ProfileValueStore.Computed("p_3", Namespace.RFM, "f", n.numberNode(1), 1, T),
                    new ProfileValueStore.Computed("p_3", Namespace.RFM, "m", n.numberNode(2), 1, T),
                    new ProfileValueStore.Computed("p_4", Namespace.RFM, "r", n.numberNode(3), 1, T)));
            assertThat(v.names(Namespace.RFM)).containsExactly("f", "m", "monetary", "r");
            assertThat(v.names(Namespace.LABEL)).isEmpty();
            List<ProfileValueStore.RfmCell> cells = v.rfmCells();
            assertThat(cells).hasSize(2);
            assertThat(cells.get(0).r()).isEqualTo(5);
            assertThat(cells.get(0).fm()).isEqualTo(5);
            assertThat(cells.get(0).profiles()).isEqualTo(2);
            assertThat(cells.get(0).revenue()).isEqualByComparingTo("200.00");
            assertThat(cells.get(1)).extracting(ProfileValueStore.RfmCell::r, ProfileValueStore.RfmCell::fm, ProfileValueStore.RfmCell::profiles)
                    .containsExactly(1, 2, 1L);
            assertThat(cells.get(1).revenue()).isEqualByComparingTo("0");
        }
    }
}
