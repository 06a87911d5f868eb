package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentitySnapshots;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The identity snapshot of this process, {@code DATA/identity.snapshot}: written into a temporary file, forced to disk,
 * then renamed over the last one, so a crash leaves the old snapshot or the new one, never half of one. Each process
 * has its own data directory, so servers sharing a PostgreSQL store each keep their own. Thread-safe.
 */
final class IdentitySnapshotFile implements IdentitySnapshots {
    static final String NAME = "identity.snapshot";
    private static final String TEMPORARY = NAME + ".tmp-";

    private final Path dir;
    private final Path file;
    /** Counts {@link #forget()} calls: a save that began before one is discarded. Guarded by this. */
    private long forgotten;
    private long saves;

    IdentitySnapshotFile(Path dataDir) {
        this.dir = dataDir;
        this.file = dataDir.resolve(NAME);
        deleteTemporaries(); // a crash's leftovers: they may hold what an erasure since removed
    }

    @Override
    public Optional<Saved> latest() {
        try {
            long length = Files.size(file);
            return Optional.of(new Saved(new BufferedInputStream(Files.newInputStream(file), 1 << 16), length));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean save(Body body) {
        long epoch;
        Path temporary;
        synchronized (this) {
            epoch = forgotten;
            temporary = dir.resolve(TEMPORARY + (++saves));
        }
        try {
            long written;
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                written = ch.size();
                ch.force(true);
            }
            synchronized (this) {
                if (written == 0 || epoch != forgotten) {
                    Files.deleteIfExists(temporary);
                    return false;
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            forceDirectory();
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next start deletes it
            }
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot write the identity snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void forget() {
        forgotten++;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot delete the identity snapshot " + file + ": " + e.getMessage(), e);
        }
        deleteTemporaries();
        forceDirectory();
    }

    private void deleteTemporaries() {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, TEMPORARY + "*")) {
            for (Path p : found) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // no data directory yet: nothing left over
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot delete identity snapshots left in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename (or the deletion) durable. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system can force a directory; the file itself is durable.
        }
    }
}
