package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffSession;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaskingTest {
    private static Staff as(StaffRole role) {
        Instant t = Instant.EPOCH;
        return new Staff(new StaffAccount("sa_1", "x1", role, BrandScope.ALL, "h", t, t), new StaffSession("h", "sa_1", "c", t, t));
    }

    @Test
    void contactPointsAreClearForAgentsAndAdminsAndMaskedForOthers() {
        assertThat(Masking.shown(as(StaffRole.SERVICE_AGENT), "email", "ann@example.com")).isEqualTo("ann@example.com");
        assertThat(Masking.shown(as(StaffRole.STORE_STAFF), "email", "ann@example.com")).isEqualTo("a•••@example.com");
        assertThat(Masking.shown(as(StaffRole.MARKETER), "phone", "+447700900123")).isEqualTo("••••23");
        assertThat(Masking.shown(as(StaffRole.ADMIN), "phone", "+447700900123")).isEqualTo("+447700900123");
    }

    @Test
    void sensitiveFieldsAreMaskedForEveryoneButAdmins() {
        for (String field : new String[] {"birthday", "date_of_birth", "address", "postcode", "card_token", "iban", "ip", "ip_address", "passport_number"}) {
            assertThat(Masking.sensitive(field)).as(field).isTrue();
            assertThat(Masking.shown(as(StaffRole.SERVICE_AGENT), field, "secret-value-42")).as(field).isEqualTo("••••42");
            assertThat(Masking.shown(as(StaffRole.ADMIN), field, "secret-value-42")).isEqualTo("secret-value-42");
        }
        for (String field : new String[] {"name", "loyalty_tier", "user_id", "shipping_method", "zipper"}) {
            assertThat(Masking.sensitive(field)).as(field).isEqualTo(field.equals("zipper"));
        }
    }
}
