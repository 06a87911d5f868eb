package io.kith.privacy;

/**
 * What a regulation asks for, in the words of Segment's regulations API (so a client written for it needs no change).
 * A subject is the whole person its identifier resolves to when the request is made.
 */
public enum RegulationType {
    /** Erase the person everywhere Kith holds them, and keep what carries their identifiers out from now on. */
    SUPPRESS_WITH_DELETE(true, true),
    /** Erase the person; what arrives later about them is kept as new data. */
    DELETE_ONLY(false, true),
    /** Keep future events carrying the identifiers out, without erasing what is held. */
    SUPPRESS_ONLY(true, false),
    /** Lift a suppression of the identifiers; what was erased stays erased. */
    UNSUPPRESS(false, false);

    private final boolean suppresses;
    private final boolean deletes;

    RegulationType(boolean suppresses, boolean deletes) {
        this.suppresses = suppresses;
        this.deletes = deletes;
    }

    public boolean suppresses() {
        return suppresses;
    }

    public boolean deletes() {
        return deletes;
    }
}
