package io.kith.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator: each of {@code connections} keep-alive connections posts a
 * pre-built request body, waits for the response, and repeats until the time is up. Written on raw sockets
 * so that the generator costs as little CPU as possible on a machine it shares with the server under test.
 */
final class HttpLoad {
    /** What one run measured. */
    record Result(long requests, long failures, long eventsPerRequest, Duration elapsed, Histogram latencyMicros, long cpuNanos) {
        double requestsPerSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }

        double eventsPerSecond() {
            return requestsPerSecond() * eventsPerRequest;
        }

        /**
         * CPU time this process (server and load generator together) spent per event while measuring: unlike the
         * rate, it hardly moves when other processes take cores away, so it compares two runs on a busy machine.
         */
        double cpuMicrosPerEvent() {
            return cpuNanos / 1000.0 / Math.max(1, requests * eventsPerRequest);
        }

        /** This run and another of the same kind, as one: counts, times and CPU added, latencies merged. */
        Result plus(Result other) {
            Histogram all = latencyMicros.copy();
            all.add(other.latencyMicros);
            return new Result(requests + other.requests, failures + other.failures, eventsPerRequest, elapsed.plus(other.elapsed), all,
                    cpuNanos + other.cpuNanos);
        }

        String summary() {
            return String.format("%,.0f events/s (%,.0f req/s), %slatency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, %d failed of %,d",
                    eventsPerSecond(), requestsPerSecond(), cpuNanos > 0 ? String.format("%.2f us CPU per event, ", cpuMicrosPerEvent()) : "",
                    latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getValueAtPercentile(99.9) / 1000.0,
                    latencyMicros.getMaxValue() / 1000.0, failures, requests + failures);
        }
    }

    private HttpLoad() {
    }

    static Result run(int port, String path, String authorization, List<byte[]> bodies, int eventsPerRequest,
                      int connections, Duration warmup, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicLong phase = new AtomicLong(0); // 0 warm-up, 1 measuring, 2 stop
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int offset = c;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    int i = offset;
                    while (phase.get() < 2) {
                        byte[] body = bodies.get(i++ % bodies.size());
                        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        long t0 = System.nanoTime();
                        out.write(head);
                        out.write(body);
                        out.flush();
                        int status = readResponse(in, buf);
                        long micros = (System.nanoTime() - t0) / 1000;
                        if (phase.get() == 1) {
                            if (status == 200) {
                                ok.increment();
                                recorder.recordValue(micros);
                            } else {
                                failed.increment();
                            }
                        }
                    }
                } catch (IOException e) {
                    failed.increment();
                }
            }));
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        phase.set(1);
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Thread.sleep(duration.toMillis());
        phase.set(2);
        long cpu = processCpuNanos() - cpu0;
        long elapsed = System.nanoTime() - t0;
        Histogram h = recorder.getIntervalHistogram();
        for (Thread t : threads) {
            t.join(5_000);
        }
        return new Result(ok.sum(), failed.sum(), eventsPerRequest, Duration.ofNanos(elapsed), h, cpu);
    }

    /**
     * An open-loop GET load at a fixed total rate: each connection sends on its own schedule, and latency is
     * measured from the scheduled send time, so a slow answer also counts against the requests queued behind it
     * (no coordinated omission).
     */
    static Result runGet(int port, List<String> paths, String authorization, int connections, int ratePerSecond,
                         Duration warmup, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicLong phase = new AtomicLong(0);
        long intervalNanos = 1_000_000_000L * connections / ratePerSecond;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int offset = c;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    long next = System.nanoTime() + offset * intervalNanos / connections;
                    int i = offset * 7919;
                    boolean measuring = false;
                    while (phase.get() < 2) {
                        if (!measuring && phase.get() == 1) {
                            // a backlog left by the warm-up (JIT, cold caches) is not the steady state being measured
                            measuring = true;
                            next = Math.max(next, System.nanoTime() + offset * intervalNanos / connections - intervalNanos);
                            next = System.nanoTime() + offset * intervalNanos / connections;
                        }
                        long now = System.nanoTime();
                        if (next > now) {
                            java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                        }
                        String path = paths.get(Math.floorMod(i++, paths.size()));
                        byte[] head = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        out.write(head);
                        out.flush();
                        int status = readResponse(in, buf);
                        long micros = (System.nanoTime() - next) / 1000;
                        next += intervalNanos;
                        if (phase.get() == 1) {
                            if (status == 200) {
                                ok.increment();
                                recorder.recordValue(Math.max(1, micros));
                            } else {
                                failed.increment();
                            }
                        }
                    }
                } catch (IOException e) {
                    failed.increment();
                }
            }));
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        phase.set(1);
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Thread.sleep(duration.toMillis());
        phase.set(2);
        long cpu = processCpuNanos() - cpu0;
        long elapsed = System.nanoTime() - t0;
        Histogram h = recorder.getIntervalHistogram();
        for (Thread t : threads) {
            t.join(5_000);
        }
        return new Result(ok.sum(), failed.sum(), 1, Duration.ofNanos(elapsed), h, cpu);
    }

    /** CPU time of this process so far, or 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** Reads one HTTP/1.1 response with a Content-Length or chunked body, returning its status. */
    private static int readResponse(InputStream in, byte[] buf) throws IOException {
        StringBuilder head = new StringBuilder();
        int prev3 = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.append((char) b);
            prev3 = (prev3 << 8 | b) & 0xffffffff;
            if (prev3 == 0x0d0a0d0a) {
                break;
            }
        }
        String h = head.toString();
        int status = Integer.parseInt(h.substring(9, 12));
        String lower = h.toLowerCase();
        int cl = lower.indexOf("content-length:");
        if (cl >= 0) {
            int end = lower.indexOf('\r', cl);
            long len = Long.parseLong(lower.substring(cl + 15, end).trim());
            while (len > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, len));
                if (n < 0) {
                    throw new IOException("connection closed");
                }
                len -= n;
            }
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        throw new IOException("connection closed");
                    }
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                int size = Integer.parseInt(line.toString().trim(), 16);
                long toSkip = size + 2L;
                while (toSkip > 0) {
                    long n = in.skip(toSkip);
                    if (n <= 0) {
                        if (in.read() < 0) {
                            throw new IOException("connection closed");
                        }
                        n = 1;
                    }
                    toSkip -= n;
                }
                if (size == 0) {
                    break;
                }
            }
        }
        return status;
    }
}
