package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.match.link.Behaviour.Sighting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BehaviourTest {
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void anAnonymousDeviceOnAKnownCustomersHomeLineIsAProbableLinkAnOfficeIsNot() {
        List<Sighting> seen = new ArrayList<>(List.of(
                new Sighting("p_known", true, "203.0.113.7", "chrome", T),
                new Sighting("p_anon", false, "203.0.113.7", "chrome", T.plus(Duration.ofHours(3))),
                // the same anonymous device two days later on another line with someone else: outside the window
                new Sighting("p_other", true, "203.0.113.9", "chrome", T),
                new Sighting("p_anon", false, "203.0.113.9", "chrome", T.plus(Duration.ofDays(2)))));
        // an office: 30 profiles, one known
        seen.add(new Sighting("p_boss", true, "198.51.100.1", "edge", T));
        for (int i = 0; i < 29; i++) {
            seen.add(new Sighting("p_desk" + i, false, "198.51.100.1", "edge", T.plus(Duration.ofMinutes(i))));
        }
        List<Link> links = Behaviour.link(seen, Behaviour.Settings.DEFAULTS, T);
        assertThat(links).hasSize(1);
        Link l = links.getFirst();
        assertThat(List.of(l.profileA(), l.profileB())).containsExactlyInAnyOrder("p_anon", "p_known");
        assertThat(l.modelVersion()).isEqualTo(Behaviour.VERSION);
        assertThat(l.evidence()).extracting(Evidence::level).containsExactly("shared-by-2", "same");
        assertThat(l.probability()).isCloseTo(8.0 / 9.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(l.prior() + l.evidence().stream().mapToDouble(Evidence::weight).sum()).isCloseTo(l.weight(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void userAgentFamilies() {
        assertThat(Behaviour.family("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0")).isEqualTo("edge");
        assertThat(Behaviour.family("Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).isEqualTo("safari");
        assertThat(Behaviour.family("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")).isEqualTo("chrome");
        assertThat(Behaviour.family("Mozilla/5.0 (X11; rv:120.0) Gecko/20100101 Firefox/120.0")).isEqualTo("firefox");
        assertThat(Behaviour.family("Googlebot/2.1")).isEqualTo("bot");
        assertThat(Behaviour.family(" ")).isNull();
    }

    /** An IP says less the more profiles use it: the link's probability never rises with n, and vanishes past the cap. */
    @Property(tries = 60)
    void anIpIsWorthLessTheMoreProfilesUseIt(@ForAll @IntRange(min = 2, max = 24) int n) {
        double now = probabilityOn(n);
        double more = probabilityOn(n + 1);
        assertThat(more).isLessThanOrEqualTo(now);
        if (n + 1 > Behaviour.Settings.DEFAULTS.maxProfilesPerIp()) {
            assertThat(more).isZero();
        }
    }

    /** The probability of the link between the known profile and the first anonymous one on an IP used by n profiles (0: none). */
    private static double probabilityOn(int n) {
        List<Sighting> seen = new ArrayList<>();
        seen.add(new Sighting("p_k", true, "192.0.2.1", "chrome", T));
        for (int i = 1; i < n; i++) {
            seen.add(new Sighting("p_a" + i, false, "192.0.2.1", "chrome", T));
        }
        return Behaviour.link(seen, new Behaviour.Settings(Duration.ofDays(1), 20, 0.8, 0.01), T).stream()
                .filter(l -> l.profileA().equals("p_a1") || l.profileB().equals("p_a1")).mapToDouble(Link::probability).findFirst().orElse(0.0);
    }
}
