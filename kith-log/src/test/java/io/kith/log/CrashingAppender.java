package io.kith.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link FileEventLogCrashIT}: appends from several threads as fast as it can and
 * prints "ack SEQUENCE ID" for every acknowledged record, until it is killed.
 */
public final class CrashingAppender {
    private CrashingAppender() {
    }

    public static void main(String[] args) {
        FileEventLog log = FileEventLog.open(Path.of(args[0]));
        System.out.println("ready");
        System.out.flush();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (long i = 0; ; i++) {
                    String id = "t" + thread + "-" + i;
                    String payload = id + ":" + "p".repeat(200 + (int) (i % 300));
                    long seq = log.append(List.of(payload.getBytes(StandardCharsets.UTF_8)));
                    synchronized (System.out) {
                        System.out.println("ack " + seq + " " + id);
                        System.out.flush();
                    }
                }
            });
        }
    }
}
