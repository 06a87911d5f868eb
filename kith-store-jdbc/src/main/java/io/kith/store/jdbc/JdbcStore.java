package io.kith.store.jdbc;

import io.kith.access.ApiKeyRegistry;
import io.kith.derive.Definitions;
import io.kith.identity.IdentityRulesStore;
import io.kith.identity.OverridesStore;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.SegmentQueries;
import io.kith.segment.SegmentStore;
import io.kith.source.SourceRegistry;
import io.kith.staff.StaffStore;
import io.kith.store.Store;
import io.kith.store.jdbc.segment.SegmentSql;
import java.time.Clock;

/**
 * What every engine's store holds alike: the ports written once in this module, over one {@link Database}. An engine's
 * store adds only what is its own (the events table and the identity rows, each written its engine's fastest way).
 * The database must be migrated before this is constructed: some ports read their tables when made.
 */
public abstract class JdbcStore implements Store {
    protected final Database db;
    private final JdbcSourceRegistry sources;
    private final JdbcQuarantineStore quarantine;
    private final JdbcApiKeyRegistry apiKeys;
    private final JdbcOverridesStore overrides;
    private final JdbcRulesStore rules;
    private final JdbcSegmentStore segments;
    private final JdbcSegmentQueries segmentQueries;
    private final JdbcProfileValueStore values;
    private final JdbcDefinitions definitions;
    private final JdbcStaffStore staff;
    private final JdbcEventPeople eventPeople;
    private final JdbcProfileRows profileRows;
    private final JdbcRegulations regulations;
    private final JdbcPersonalData personalData;
    private final JdbcAuditLog audit;
    private final JdbcProbableLinks probableLinks;
    private final JdbcEventActivity activity;
    private final JdbcValueHistograms histograms;
    private final JdbcAttributeHistory history;

    protected JdbcStore(Database db, Clock clock) {
        this.db = db;
        this.sources = new JdbcSourceRegistry(db, clock);
        this.quarantine = new JdbcQuarantineStore(db);
        this.apiKeys = new JdbcApiKeyRegistry(db, clock);
        this.overrides = new JdbcOverridesStore(db);
        this.rules = new JdbcRulesStore(db);
        this.segments = new JdbcSegmentStore(db);
        this.segmentQueries = new JdbcSegmentQueries(db, new SegmentSql(db.dialect().json()));
        this.values = new JdbcProfileValueStore(db);
        this.definitions = new JdbcDefinitions(db);
        this.staff = new JdbcStaffStore(db);
        this.eventPeople = new JdbcEventPeople(db);
        this.profileRows = new JdbcProfileRows(db);
        this.regulations = new JdbcRegulations(db);
        this.personalData = new JdbcPersonalData(db, this::reclaimed);
        this.audit = new JdbcAuditLog(db);
        this.probableLinks = new JdbcProbableLinks(db);
        this.activity = new JdbcEventActivity(db);
        this.histograms = new JdbcValueHistograms(db);
        this.history = new JdbcAttributeHistory(db);
    }

    @Override
    public io.kith.event.EventActivity activity() {
        return activity;
    }

    @Override
    public io.kith.profile.ValueHistograms histograms() {
        return histograms;
    }

    @Override
    public io.kith.profile.AttributeHistory history() {
        return history;
    }

    @Override
    public io.kith.identity.ProbableLinks probableLinks() {
        return probableLinks;
    }

    @Override
    public io.kith.privacy.Regulations regulations() {
        return regulations;
    }

    @Override
    public io.kith.privacy.PersonalData personalData() {
        return personalData;
    }

    @Override
    public io.kith.audit.AuditLog audit() {
        return audit;
    }

    /** What the engine does after the rows of erased people were deleted and the space reclaimed as its dialect can. */
    protected void reclaimed() {
    }

    @Override
    public SourceRegistry sources() {
        return sources;
    }

    @Override
    public JdbcQuarantineStore quarantine() {
        return quarantine;
    }

    @Override
    public ApiKeyRegistry apiKeys() {
        return apiKeys;
    }

    @Override
    public OverridesStore overrides() {
        return overrides;
    }

    @Override
    public IdentityRulesStore rules() {
        return rules;
    }

    @Override
    public SegmentStore segments() {
        return segments;
    }

    @Override
    public SegmentQueries segmentQueries() {
        return segmentQueries;
    }

    @Override
    public ProfileValueStore values() {
        return values;
    }

    @Override
    public Definitions definitions() {
        return definitions;
    }

    @Override
    public StaffStore staff() {
        return staff;
    }

    /** Reads of the event-to-profile projection, for the engine's identity store. */
    public JdbcEventPeople eventPeople() {
        return eventPeople;
    }

    /** Reads of the profile rows, for the engine's identity store. */
    public JdbcProfileRows profileRows() {
        return profileRows;
    }
}
