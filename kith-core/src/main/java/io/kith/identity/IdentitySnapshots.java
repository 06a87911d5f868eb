package io.kith.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where a process keeps its identity snapshot (see {@link IdentitySnapshot}): one per process, in its data directory,
 * also when several processes share a store. Thread-safe.
 */
public interface IdentitySnapshots {
    /** A saved snapshot: its bytes and their number. Close it once read. */
    record Saved(InputStream in, long length) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** What writes a snapshot's bytes. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The snapshot saved last, if there is one. */
    Optional<Saved> latest();

    /**
     * Saves a new snapshot, replacing the last one only once it is complete and durable.
     *
     * @return whether it was saved: false when {@link #forget()} ran while it was being written (it may hold what was
     * forgotten) or the body wrote nothing
     */
    boolean save(Body body);

    /**
     * Deletes the saved snapshot, and makes a save already under way come to nothing: what an erasure or a retention pass
     * calls once identity no longer holds the erased identifiers, since a snapshot holds identifiers in clear.
     */
    void forget();

    /** Keeps no snapshot: every start rebuilds from the events. */
    IdentitySnapshots NONE = new IdentitySnapshots() {
        @Override
        public Optional<Saved> latest() {
            return Optional.empty();
        }

        @Override
        public boolean save(Body body) {
            return false;
        }

        @Override
        public void forget() {
        }
    };
}
