package io.kith.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sources Kith accepts events from, looked up by write key on every request. Implementations are
 * thread-safe and answer {@link #byWriteKey} from memory (an index of {@link SourceIndex}).
 *
 * <p>A server-side source's write key is a secret ({@link SourceKind#clientSide}): registries keep only its digest
 * ({@link WriteKey}), so the key itself is seen once, in what {@link #create} and {@link #rotate} return; {@link #byId}
 * and {@link #all} answer sources in {@linkplain Source#stored() stored form}. A rotation lets the replaced key work on
 * for an overlap, measured on the registry's clock.
 */
public interface SourceRegistry {
    /** How long a replaced write key works on after a rotation, unless the rotation says otherwise. */
    Duration DEFAULT_ROTATION_OVERLAP = Duration.ofHours(24);

    /** A rotation's result: the source with its new write key in plain text (the only time it is seen), and until when the old one works. */
    record Rotation(Source source, Instant previousValidUntil) {
    }

    /** The source a presented write key authenticates: its current key, or the key a rotation replaced until its overlap ends. */
    Optional<Source> byWriteKey(String writeKey);

    Optional<Source> byId(String id);

    List<Source> all();

    /** Registers a new source with a fresh id and write key, durably, and returns it with its write key in plain text. */
    Source create(NewSource request);

    /**
     * Gives a source a fresh write key. The key it had works on for {@code overlap} (zero: it is refused at once), then
     * is refused; a key still in the overlap of an earlier rotation is refused from now on.
     *
     * @throws io.kith.error.KithException with {@code NOT_FOUND} when no source has this id
     */
    Rotation rotate(String id, Duration overlap);

    /**
     * Registers a source exactly as given (id and write key, plain or a stored digest, included), replacing the source
     * with that id; the way sources declared in a configuration file are loaded at every start. Idempotent: a source
     * whose key is unchanged keeps a rotated-out key's overlap, a new key ends it. A source declared in a file gets the
     * file's key back at every start, so such sources are rotated by editing the file.
     *
     * @throws io.kith.error.KithException with {@code CONFLICT} when another source already has this write key
     */
    Source put(Source source);
}
