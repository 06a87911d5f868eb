package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.ParseOutcome;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityInput;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityRules;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Identity resolution alone, on events already parsed: events/s, identifier links/s, and the memory the graph
 * holds per identifier. Synthetic people with a login id, one to three cookies, an email and sometimes a phone and
 * a loyalty card; each event carries two to three of a person's identifiers.
 */
@Command(name = "identity", mixinStandardHelpOptions = true, description = "Identity resolution throughput and memory per identifier.")
final class IdentityBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "2000000")
    int events;

    @Option(names = "--people", defaultValue = "1000000")
    int people;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Option(names = "--claims", description = "each event says its person's first name and birth date, and one person in 50 "
            + "signs up with the e-mail of the person before (a couple): the contested-link check then compares them")
    boolean claims;

    @Option(names = "--not-shareable", description = "e-mail, phone and loyalty card not shareable: resolution without the contested-link check")
    boolean notShareable;

    private static final String[] FIRST = {"Adaeze", "Chidi", "Maria", "Tomasz", "Priya", "George", "Fatima", "Oscar", "Mei", "Kwame",
        "Siobhan", "Henry", "Aisha", "Wojciech", "Isla", "Dafydd"};

    /** Events resolved per call, as the identity projection hands them over. */
    private static final int BATCH = 1024;

    @Override
    public Integer call() {
        Source web = new Source("src_web", "Web", "bench", SourceKind.WEB, "GB", "wk");
        ObjectMapper mapper = new ObjectMapper();
        EventParser parser = new EventParser(() -> "m");
        System.out.printf("generating %,d events for %,d people ...%n", events, people);
        Event[] stream = new Event[events];
        SplittableRandom r = new SplittableRandom(3);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        long links = 0;
        for (int i = 0; i < events; i++) {
            int p = r.nextInt(people);
            ObjectNode e = mapper.createObjectNode();
            e.put("type", "identify");
            e.put("anonymousId", "c" + p + "-" + r.nextInt(3));
            links++;
            if (r.nextInt(3) == 0) {
                e.put("userId", "u" + p);
                links++;
            }
            ObjectNode traits = e.putObject("traits");
            if (r.nextInt(4) == 0) {
                traits.put("email", "person" + (claims && p % 50 == 1 ? p - 1 : p) + "@example.com");
                links++;
            }
            if (claims) {
                traits.put("first_name", FIRST[p % FIRST.length]).put("birthday", String.format("%d-%02d-%02d", 1950 + p % 50, 1 + p % 12, 1 + p % 28));
            }
            if (r.nextInt(10) == 0) {
                traits.put("phone", String.format("+4474%08d", p));
                links++;
            }
            if (r.nextInt(10) == 0) {
                traits.put("loyalty_card", "LC" + p);
                links++;
            }
            e.put("timestamp", t0.plusSeconds(i).toString());
            stream[i] = ((ParseOutcome.Accepted) parser.parse(e, null, web, t0.plusSeconds(i), "$")).event();
        }
        long[] sequences = new long[BATCH];
        IdentityInput[] inputs = new IdentityInput[BATCH];
        for (int run = 1; run <= runs; run++) {
            System.gc();
            long before = usedMemory();
            IdentityRules rules = notShareable ? IdentityRules.withOverrides(new java.io.ByteArrayInputStream(("{\"types\": {\"email\": {\"shareable\": false},"
                    + " \"phone\": {\"shareable\": false}, \"loyalty_card\": {\"shareable\": false}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "bench") : IdentityRules.defaults();
            long[] contested = {0};
            IdentityGraph g = new IdentityGraph(rules, IdentityOverrides.NONE, id -> new IdentityGraph.SourceInfo("GB", "web"),
                    a -> contested[0] += a.kind() == io.kith.identity.IdentityAlert.Kind.CONTESTED_LINK ? 1 : 0);
            // Reading the events (extraction: the identifiers found, normalised, checked against the blocklists) is timed
            // apart from resolving them: in Kith it runs on the threads that read the events, beside resolution.
            long extracting = 0;
            long resolving = 0;
            for (int from = 0; from < stream.length; from += BATCH) {
                int count = Math.min(BATCH, stream.length - from);
                long started = System.nanoTime();
                for (int k = 0; k < count; k++) {
                    sequences[k] = from + k;
                    inputs[k] = g.extractor().input(stream[from + k]);
                }
                long t1 = System.nanoTime();
                g.resolve(sequences, inputs, count);
                long t2 = System.nanoTime();
                extracting += t1 - started;
                resolving += t2 - t1;
            }
            double seconds = resolving / 1e9;
            System.out.printf("run %d: extraction %,.0f events/s (%.2f s)%n", run, events / (extracting / 1e9), extracting / 1e9);
            System.gc();
            long after = usedMemory();
            System.out.printf("run %d: resolution %,d events in %.2f s = %,.0f events/s, %,.0f identifier links/s; %,d profiles, %,d identifiers; "
                            + "graph heap %,d MB = %.0f bytes per identifier (identifier structures alone: %.0f bytes)%n",
                    run, events, seconds, events / seconds, links / seconds, g.profileCount(), g.identifierCount(), (after - before) >> 20,
                    (double) (after - before) / g.identifierCount(), (double) g.identifierBytes() / g.identifierCount());
            System.out.printf("run %d: %,d links held contested; graph heap %.0f bytes per profile%n", run, contested[0],
                    (double) (after - before) / g.profileCount());
        }
        return 0;
    }

    private static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
