package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import org.junit.jupiter.api.Test;

class InflightBytesTest {
    @Test
    void theCallThatWouldPassTheLimitIsRefusedAndEveryLeaseGivesBackWhatItCharged() {
        InflightBytes inflight = new InflightBytes(1_000);
        try (InflightBytes.Lease a = inflight.lease()) {
            a.charge(600);
            try (InflightBytes.Lease b = inflight.lease()) {
                b.charge(300);
                assertThatThrownBy(() -> b.charge(200)).isInstanceOfSatisfying(KithException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
            }
            assertThat(inflight.held()).isEqualTo(600);
            try (InflightBytes.Lease c = inflight.lease()) {
                c.charge(400);
            }
        }
        assertThat(inflight.held()).isZero();
    }
}
