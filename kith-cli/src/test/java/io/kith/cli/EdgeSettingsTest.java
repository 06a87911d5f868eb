package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.ingest.DiskFloor;
import io.kith.ingest.RateLimit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EdgeSettingsTest {
    private static ServeCommand serve(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsArePinned() {
        assertThat(EdgeSettings.DEFAULTS.corsOrigins()).isEmpty();
        assertThat(EdgeSettings.DEFAULTS.rateLimit()).isEqualTo(new RateLimit(1_000, 2_000));
        assertThat(EdgeSettings.DEFAULTS.minFreeDisk()).isEqualTo(new DiskFloor(1L << 30, 0));
        ServeCommand plain = serve();
        assertThat(plain.edge(null)).isEqualTo(EdgeSettings.DEFAULTS);
        assertThat(plain.maxInflightBytes).isEqualTo(256L << 20);
    }

    @Test
    void optionsSetEachLimit() {
        ServeCommand s = serve("--cors-origin", "https://admin.example.com", "--cors-origin", "http://localhost:3000,https://ops.example.com",
                "--rate-limit", "50.5", "--rate-burst", "10", "--min-free-disk", "5%", "--max-inflight-bytes", "1048576");
        EdgeSettings edge = s.edge("https://ignored.example.com");
        assertThat(edge.corsOrigins()).containsExactly("https://admin.example.com", "http://localhost:3000", "https://ops.example.com");
        assertThat(edge.rateLimit()).isEqualTo(new RateLimit(50.5, 10));
        assertThat(edge.minFreeDisk()).isEqualTo(new DiskFloor(0, 5));
        assertThat(s.maxInflightBytes).isEqualTo(1L << 20);
        assertThat(serve("--rate-limit", "0", "--min-free-disk", "0").edge(null))
                .isEqualTo(EdgeSettings.DEFAULTS.withRateLimit(new RateLimit(0, 2_000)).withMinFreeDisk(DiskFloor.NONE));
    }

    @Test
    void kithCorsOriginsIsUsedWhenNoOptionIsGiven() {
        assertThat(serve().edge(" https://a.example.com, https://b.example.com ,").corsOrigins())
                .containsExactly("https://a.example.com", "https://b.example.com");
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> serve("--rate-limit", "-1").edge(null)).isInstanceOfSatisfying(KithException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        assertThatThrownBy(() -> serve("--rate-burst", "0").edge(null)).isInstanceOf(KithException.class);
        assertThatThrownBy(() -> serve("--min-free-disk", "plenty").edge(null)).isInstanceOf(KithException.class);
    }
}
