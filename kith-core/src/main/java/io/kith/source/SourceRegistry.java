package io.kith.source;

import java.util.List;
import java.util.Optional;

/**
 * The sources Kith accepts events from, looked up by write key on every request. Implementations are
 * thread-safe and answer {@link #byWriteKey} from memory.
 */
public interface SourceRegistry {
    Optional<Source> byWriteKey(String writeKey);

    Optional<Source> byId(String id);

    List<Source> all();

    /** Registers a new source with a fresh id and write key, durably, and returns it. */
    Source create(NewSource request);
}
