package io.kith.identity;

/**
 * Where the identity rules in force are kept, versioned like the overrides: in the store, so that every Kith process
 * sharing it resolves with the same rules, and a process started with rules that differ from the stored ones knows
 * that the stored profiles were made under other rules. The rules are kept whole (the defaults with the operator's
 * file merged on top), so that new defaults count as a change too. Thread-safe.
 */
public interface IdentityRulesStore {
    /** Rules as saved (their JSON), with their version: 0 and no rules for none ever saved, then 1, 2, ... */
    record Versioned(String json, long version) {
        public static final Versioned NONE = new Versioned(null, 0);
    }

    Versioned current();

    /**
     * Saves these rules as the next version unless they are the latest already (same JSON), atomically; answers the
     * version in force afterwards.
     */
    Versioned save(String json);
}
