package io.kith.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds this process's threads used, by thread name with its numbers taken out ({@code kith-http-12} and
 * {@code kith-http-3} are one group), read from {@code /proc/self/task}: Java threads and DuckDB's native ones alike, so
 * a bench can say where a stretch's CPU went on the same run it times (on a shared two-core machine, wall times of
 * separate runs differ by more than the changes being measured). Empty where there is no {@code /proc}.
 */
record ThreadCpu(Map<String, Double> seconds) {
    /** Clock ticks per second of {@code /proc}'s utime and stime (USER_HZ: 100 on Linux). */
    private static final double TICKS = 100.0;

    static ThreadCpu now() {
        Map<String, Double> by = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(Map.of());
        }
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(close + 2).split(" ");
                    // after the name: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
                    by.merge(name, s, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(by);
    }

    /** What each group used since {@code before}, largest first, as {@code name 12.3 s}, the groups under 2 % of the total as one. */
    String since(ThreadCpu before, double wallSeconds) {
        List<Map.Entry<String, Double>> used = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            double d = e.getValue() - before.seconds.getOrDefault(e.getKey(), 0.0);
            if (d > 0) {
                used.add(Map.entry(e.getKey(), d));
                total += d;
            }
        }
        used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder out = new StringBuilder(String.format("%.1f s of CPU in %.1f s (%.2f cores):", total, wallSeconds, total / wallSeconds));
        double rest = 0;
        for (Map.Entry<String, Double> e : used) {
            if (e.getValue() < 0.02 * total) {
                rest += e.getValue();
            } else {
                out.append(String.format(" %s %.1f s,", e.getKey(), e.getValue()));
            }
        }
        return out.append(String.format(" others %.1f s", rest)).toString();
    }
}
