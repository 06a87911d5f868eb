package io.kith.store;

import io.kith.access.ApiKeyRegistry;
import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.identity.IdentityStore;
import io.kith.identity.OverridesStore;
import io.kith.source.SourceRegistry;

/**
 * One storage engine's implementation of every storage port, opened together and closed together: the embedded
 * DuckDB store, or PostgreSQL for a shared server. The composition root picks one from the configuration; nothing
 * else in Kith knows which.
 */
public interface Store extends AutoCloseable {
    SourceRegistry sources();

    EventStore events();

    QuarantineStore quarantine();

    ApiKeyRegistry apiKeys();

    /** The identity graph's profiles as rows, written behind the in-memory graph. */
    IdentityStore identity();

    /** The operators' identity overrides, versioned. */
    OverridesStore overrides();

    /** The identity rules in force, versioned. */
    io.kith.identity.IdentityRulesStore rules();

    /** Values Kith computes per profile: computed traits, labels, RFM, model scores, consent. */
    io.kith.profile.ProfileValueStore values();

    /** Every value each matched attribute (names, birth date, address, e-mail, phone) was given across a person's events. */
    io.kith.profile.AttributeHistory history();

    /** Probable links between profiles, replaced by each run of the matcher (never merged). */
    io.kith.identity.ProbableLinks probableLinks();

    /** Versioned definitions of computed traits and labels. */
    io.kith.derive.Definitions definitions();

    /** The privacy ledger: regulations, the suppression list and the keys of erased messages. */
    io.kith.privacy.Regulations regulations();

    /** The audit log of API calls, staff actions and Kith's jobs. */
    io.kith.audit.AuditLog audit();

    /** What erasure deletes from this store. */
    io.kith.privacy.PersonalData personalData();

    /** Segment definitions, members and their history. */
    io.kith.segment.SegmentStore segments();

    /** Segment conditions answered over every stored profile and event. */
    io.kith.segment.SegmentQueries segmentQueries();

    /** The console's staff accounts, sessions and audit log. */
    io.kith.staff.StaffStore staff();

    /** Events per source and brand over time, and a source's latest events: for the people watching the data come in. */
    io.kith.event.EventActivity activity();

    /** Histograms of computed numbers (a model's CLV and churn risk) over every profile. */
    io.kith.profile.ValueHistograms histograms();

    /**
     * Whether other Kith processes may write to this store too (PostgreSQL): then each process's projections follow
     * the store's one order of events, not only what its own log contributed.
     */
    default boolean shared() {
        return false;
    }

    /** Where this store lives, for logs and errors, without credentials. */
    String describe();

    @Override
    void close();
}
