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

    /**
     * Registers a source exactly as given (id and write key included), replacing the source with that id;
     * the way sources declared in a configuration file are loaded at every start. Idempotent.
     *
     * @throws io.kith.error.KithException with {@code CONFLICT} when another source already has this write key
     */
    Source put(Source source);
}
