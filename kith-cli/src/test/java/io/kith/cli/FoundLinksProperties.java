package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The incremental pass's links by profile give what a scan of every link per profile gave (the old way). */
class FoundLinksProperties {
    /** One step: put a link (0), put it only if absent (1), or drop a profile's links (2). */
    record Op(int kind, int a, int b, double p) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers().between(0, 2).flatMap(kind -> Arbitraries.integers().between(0, 7).flatMap(a -> Arbitraries.integers()
                .between(0, 7).flatMap(b -> Arbitraries.doubles().between(0.5, 1).map(p -> new Op(kind, a, b, p))))).list().ofMaxSize(60);
    }

    @Property
    void sameLinksInTheSameOrderAsScanningEveryLink(@ForAll("ops") List<Op> ops) {
        ProbableLinksJob.FoundLinks found = new ProbableLinksJob.FoundLinks();
        Map<String, ProbableLinks.Link> scan = new LinkedHashMap<>();
        for (Op op : ops) {
            if (op.kind() == 2) {
                String pid = "p_" + op.a();
                found.removeOf(pid);
                scan.values().removeIf(l -> l.profileA().equals(pid) || l.profileB().equals(pid));
                continue;
            }
            if (op.a() == op.b()) {
                continue;
            }
            String a = "p_" + Math.min(op.a(), op.b());
            String b = "p_" + Math.max(op.a(), op.b());
            ProbableLinks.Link l = new ProbableLinks.Link(a, b, op.p(), 1, -1, List.of(), "m", Instant.EPOCH);
            if (op.kind() == 0) {
                found.put(l);
                scan.put(a + " " + b, l);
            } else {
                found.putIfAbsent(l);
                scan.putIfAbsent(a + " " + b, l);
            }
        }
        assertThat(found.links()).containsExactlyElementsOf(new ArrayList<>(scan.values()));
        assertThat(found.size()).isEqualTo(scan.size());
    }
}
