package io.kith.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes this JVM's threads allocated, by thread name with its numbers taken out, as the JVM counts them: unlike CPU
 * seconds on a shared machine, what a thread allocates per event does not move with the load, so a change to the
 * projector's allocations shows in one run. Java threads only; a thread that ended in between is not counted.
 */
record ThreadAllocation(Map<String, Long> bytes) {
    static ThreadAllocation now() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return new ThreadAllocation(Map.of());
        }
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        java.lang.management.ThreadInfo[] info = threads.getThreadInfo(ids);
        Map<String, Long> by = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (info[i] != null && allocated[i] >= 0) {
                by.merge(info[i].getThreadName().replaceAll("[0-9]+", "#"), allocated[i], Long::sum);
            }
        }
        return new ThreadAllocation(by);
    }

    /** What each group allocated since {@code before}, largest first, as {@code name 1,234 MB}, the groups under 2 % of the total as one. */
    String since(ThreadAllocation before) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            long d = e.getValue() - before.bytes.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                used.add(Map.entry(e.getKey(), d));
                total += d;
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder out = new StringBuilder(String.format("%,d MB allocated:", total >> 20));
        long rest = 0;
        for (Map.Entry<String, Long> e : used) {
            if (e.getValue() < 0.02 * total) {
                rest += e.getValue();
            } else {
                out.append(String.format(" %s %,d MB,", e.getKey(), e.getValue() >> 20));
            }
        }
        return out.append(String.format(" others %,d MB", rest >> 20)).toString();
    }
}
