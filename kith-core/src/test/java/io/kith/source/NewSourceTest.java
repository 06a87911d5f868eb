package io.kith.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import org.junit.jupiter.api.Test;

class NewSourceTest {
    @Test
    void theDefaultRegionIsOneWhosePhoneNumbersCanBeRead() {
        assertThat(new NewSource("Tills", "northwind", SourceKind.POS, " gb ").defaultRegion()).isEqualTo("GB");
        assertThat(new NewSource("Tills", "northwind", SourceKind.POS, "").defaultRegion()).isNull();
        // "ZZ" is libphonenumber's unknown region and "UK" is not ISO 3166: a national number from such a source became a
        // trait and never a phone identifier
        for (String region : new String[] {"ZZ", "UK", "Britain", "G1"}) {
            assertThatThrownBy(() -> new NewSource("Tills", "northwind", SourceKind.POS, region)).as(region)
                    .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("defaultRegion");
        }
    }
}
