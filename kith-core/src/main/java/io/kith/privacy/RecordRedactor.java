package io.kith.privacy;

import io.kith.event.EventLog;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import java.util.function.Function;

/**
 * The one way erasure, following another server's erasures and retention read a log record to decide its fate: decode
 * it, pass over a stub already there, and ask the rule what replaces the record (null: keep it). A record that cannot be
 * decoded goes to {@code unreadable} with its bytes.
 */
final class RecordRedactor {
    private RecordRedactor() {
    }

    static EventLog.Redactor of(LogRecordCodec codec, Function<LogRecord, byte[]> rule, Function<byte[], byte[]> unreadable) {
        return (seq, payload) -> {
            LogRecord record;
            try {
                record = codec.decode(payload);
            } catch (RuntimeException e) {
                return unreadable.apply(payload);
            }
            return record instanceof LogRecord.Erased ? null : rule.apply(record);
        };
    }
}
