package io.kith.identity;

/**
 * Where the operators' identity overrides are kept, versioned: in the store, so that every Kith process sharing it
 * resolves with the same overrides (a process that sees a newer version rebuilds with it). Thread-safe.
 */
public interface OverridesStore {
    /** Overrides as saved, with their version: 0 for none ever saved, then 1, 2, ... */
    record Versioned(IdentityOverrides overrides, long version) {
        public static final Versioned NONE = new Versioned(IdentityOverrides.NONE, 0);
    }

    Versioned current();

    /**
     * Applies a change to the latest saved overrides and saves the result as the next version, atomically: two
     * processes changing them at once both keep their change.
     */
    Versioned update(java.util.function.UnaryOperator<IdentityOverrides> change);
}
