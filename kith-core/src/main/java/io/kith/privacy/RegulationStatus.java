package io.kith.privacy;

/** Where a regulation stands: Segment's {@code overallStatus} values. */
public enum RegulationStatus {
    INITIALIZED, RUNNING, FINISHED, FAILED;

    public boolean done() {
        return this == FINISHED || this == FAILED;
    }
}
