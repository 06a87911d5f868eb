package io.kith.log;

/** Told about every group commit, for metrics; called on the committer thread, so it must be quick. */
@FunctionalInterface
public interface CommitListener {
    CommitListener NONE = (records, bytes, nanos) -> { };

    /**
     * @param records records made durable by this commit
     * @param bytes   bytes written, framing included
     * @param nanos   time from the first write to the end of the fsync
     */
    void onCommit(int records, long bytes, long nanos);
}
