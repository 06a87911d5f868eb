package io.kith.cli;

import io.kith.imports.ImportProgress;
import java.io.PrintStream;

/** A one-line progress bar on the terminal: percentage, rows, rows per second. */
final class ProgressBar implements ImportProgress {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean finished;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(long bytesRead, long totalBytes, long rows) {
        long now = System.nanoTime();
        boolean done = totalBytes > 0 && bytesRead >= totalBytes;
        if (finished || (!done && now - lastDraw < 200_000_000L)) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        int width = 30;
        int filled = totalBytes > 0 ? (int) Math.min(width, width * bytesRead / totalBytes) : 0;
        String pct = totalBytes > 0 ? String.format("%3d%%", 100 * bytesRead / totalBytes) : "    ";
        out.printf("\r[%s%s] %s %,d rows %,.0f rows/s", "=".repeat(filled), " ".repeat(width - filled), pct, rows, rows / seconds);
        if (done) {
            finished = true;
            out.println();
        }
        out.flush();
    }
}
