package io.kith.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs only the parse-and-append reference: {@code java -cp ... io.kith.bench.ReferenceRun [connections] [eventsPerBatch] [seconds]}. */
public final class ReferenceRun {
    private ReferenceRun() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("kith-ref");
        List<byte[]> bodies = Payloads.batches(200, perBatch, "wk", 1);
        try (ReferenceServer ref = new ReferenceServer(dir)) {
            HttpLoad.Result r = HttpLoad.run(ref.port(), "/v1/batch", null, bodies, perBatch, connections,
                    Duration.ofSeconds(3), Duration.ofSeconds(seconds));
            System.out.println("reference parse+append: " + r.summary());
        }
    }
}
