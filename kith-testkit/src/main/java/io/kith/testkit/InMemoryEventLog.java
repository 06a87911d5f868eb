package io.kith.testkit;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread-safe event log held in memory, for unit tests of code that appends to or reads from the log.
 * Dense sequences from 0. {@link #overloaded(boolean)} makes appends fail as a saturated log does.
 */
public final class InMemoryEventLog implements EventLog {
    private final List<byte[]> records = new ArrayList<>();
    private volatile boolean overloaded;
    private volatile boolean closed;

    @Override
    public synchronized long append(List<byte[]> batch) {
        if (closed) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "log is closed");
        }
        if (overloaded) {
            throw new KithException(ErrorCode.OVERLOADED, "log is saturated (test)");
        }
        long first = records.size();
        for (byte[] r : batch) {
            records.add(r.clone());
        }
        return first;
    }

    @Override
    public synchronized List<LogEntry> read(long from, int max) {
        if (from < 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "log sequence must be >= 0, was " + from);
        }
        List<LogEntry> out = new ArrayList<>();
        for (long s = from; s < records.size() && out.size() < max; s++) {
            out.add(new LogEntry(s, records.get((int) s)));
        }
        return out;
    }

    @Override
    public synchronized long endSequence() {
        return records.size();
    }

    @Override
    public synchronized Redaction redact(long toSequence, Redactor redactor) {
        long examined = 0;
        long replaced = 0;
        for (int i = 0; i < Math.min(toSequence, records.size()); i++) {
            examined++;
            byte[] r = redactor.replacement(i, records.get(i));
            if (r != null) {
                if (r.length == 0) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "a log record may not be empty");
                }
                records.set(i, r.clone());
                replaced++;
            }
        }
        return new Redaction(examined, replaced, replaced > 0 ? 1 : 0);
    }

    public void overloaded(boolean on) {
        this.overloaded = on;
    }

    @Override
    public void close() {
        closed = true;
    }
}
