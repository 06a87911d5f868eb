package io.kith.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.Decision;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Kith holds about one person, for a subject access or portability request (GDPR Art. 15 and 20): the
 * profile, each identifier with the source and event that brought it, the traits with their sources, every event as
 * received, the computed values (traits, labels, RFM, model scores, consent), segment memberships and their history,
 * and the merge history. Read in one pass over the ports; no I/O of its own.
 */
public final class SubjectAccess {
    /** One identifier and where it came from. */
    public record IdentifierHeld(String type, String value, Instant firstSeen, long linkedBySequence, String sourceId) {
    }

    public record TraitHeld(String name, JsonNode value, String sourceId, Instant at) {
    }

    public record ValueHeld(String namespace, String name, JsonNode value, int version, Instant computedAt) {
    }

    public record EventHeld(long sequence, String sourceId, String type, String name, Instant timestamp, Instant receivedAt, JsonNode json) {
    }

    public record MembershipHeld(String segment, boolean entered, Instant at, String cause) {
    }

    /** One step of how the profile came to be: an identifier linked, a profile merged in, a link refused. */
    public record MergeStep(long sequence, String kind, String detail) {
    }

    /**
     * The export. {@code deliveries} is empty until activation sends data to destinations (then it lists what went where).
     */
    public record Export(Instant exportedAt, String profileId, List<String> mergedFrom, Instant firstSeen, Instant lastSeen,
                         List<String> sources, List<String> brands, List<IdentifierHeld> identifiers, List<TraitHeld> traits,
                         List<ValueHeld> values, List<String> segments, List<MembershipHeld> segmentHistory, List<MergeStep> mergeHistory,
                         List<EventHeld> events, List<JsonNode> deliveries) {
    }

    private final IdentityProjection identity;
    private final EventStore events;
    private final ProfileValueStore values;
    private final SegmentStore segments;

    public SubjectAccess(IdentityProjection identity, EventStore events, ProfileValueStore values, SegmentStore segments) {
        this.identity = identity;
        this.events = events;
        this.values = values;
        this.segments = segments;
    }

    /** The export of the live profile {@code profileId} (or the one it was merged into), or empty when there is none. */
    public Optional<Export> export(String profileId, Instant now) {
        record Read(Profile profile, long[] sequences, List<Decision> decisions) {
        }
        Optional<Read> read = identity.read(g -> g.canonical(profileId).flatMap(g::profile)
                .map(p -> new Read(p, g.eventSequences(p.id()), g.explain(p.id()))));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Profile p = read.get().profile();
        List<StoredEvent> theirs = events.bySequences(read.get().sequences());
        Map<Long, String> sourceOf = new HashMap<>();
        List<EventHeld> held = new ArrayList<>(theirs.size());
        for (StoredEvent e : theirs) {
            sourceOf.put(e.sequence(), e.event().sourceId());
            held.add(new EventHeld(e.sequence(), e.event().sourceId(), e.event().type().name().toLowerCase(java.util.Locale.ROOT),
                    e.event().name(), e.event().timestamp(), e.event().receivedAt(), e.event().json()));
        }
        List<IdentifierHeld> ids = new ArrayList<>();
        for (ProfileIdentifier id : p.identifiers()) {
            ids.add(new IdentifierHeld(id.type(), id.value(), id.firstSeen(), id.linkedBySequence(), sourceOf.get(id.linkedBySequence())));
        }
        List<TraitHeld> traits = new ArrayList<>();
        p.traits().forEach((name, t) -> traits.add(new TraitHeld(name, t.value(), t.sourceId(), t.at())));
        traits.sort(java.util.Comparator.comparing(TraitHeld::name));
        List<ValueHeld> computed = values.of(p.id()).stream()
                .map(v -> new ValueHeld(v.namespace().word(), v.name(), v.value(), v.version(), v.computedAt())).toList();
        List<MembershipHeld> history = segments.history(p.id()).stream()
                .map(c -> new MembershipHeld(c.segmentKey(), c.entered(), c.at(), c.cause())).toList();
        List<MergeStep> steps = read.get().decisions().stream().map(SubjectAccess::step).toList();
        return Optional.of(new Export(now, p.id(), p.mergedFrom(), p.firstSeen(), p.lastSeen(), List.copyOf(p.sources()),
                List.copyOf(p.brands()), ids, traits, computed, segments.segmentsOf(p.id()), history, steps, held, List.of()));
    }

    /** The export of the person a subject id resolves to ({@code USER_ID}, {@code ANONYMOUS_ID} or an identifier type). */
    public Optional<Export> exportOf(String subjectType, String subjectId, List<String> regions, Instant now) {
        String type = Regulation.identifierType(subjectType);
        List<String> tries = new ArrayList<>();
        tries.add(null);
        tries.addAll(regions);
        for (String region : tries) {
            Optional<String> profile = identity.normalize(type, subjectId, region).flatMap(id -> identity.read(g -> g.lookup(id)));
            if (profile.isPresent()) {
                return export(profile.get(), now);
            }
        }
        return Optional.empty();
    }

    private static MergeStep step(Decision d) {
        return switch (d) {
            case Decision.Linked l -> new MergeStep(l.sequence(), "linked", l.identifier().type() + " " + l.identifier().value()
                    + (l.anchor() == null ? "" : " with " + l.anchor().type() + " " + l.anchor().value()));
            case Decision.Merged m -> new MergeStep(m.sequence(), "merged", m.absorbed() + " through " + m.via().type() + " " + m.via().value());
            case Decision.Refused r -> new MergeStep(r.sequence(), "refused", r.identifier().type() + " " + r.identifier().value() + ": "
                    + r.reason());
        };
    }
}
