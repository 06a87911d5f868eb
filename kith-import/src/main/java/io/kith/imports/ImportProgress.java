package io.kith.imports;

/** Told how an import advances, about every few thousand rows; used by the CLI's progress bar. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (bytesRead, totalBytes, rows) -> { };

    /** @param totalBytes the file's size, or -1 when unknown */
    void update(long bytesRead, long totalBytes, long rows);
}
