package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds what a segment condition sees of one person ({@link PersonView}) from the live identity graph and the
 * person's stored events (all of them, however old), so that {@link SegmentEngine} can decide a person's memberships
 * the moment an event changes them, with the same evaluator the SQL compilers are tested against.
 */
public final class PersonViews {
    private final IdentityProjection identity;
    private final EventStore events;

    public PersonViews(IdentityProjection identity, EventStore events) {
        this.identity = identity;
        this.events = events;
    }

    /** The person of a live profile, or empty when the id is not live (merged away or unknown). */
    public Optional<PersonView> person(String profileId, boolean withEvents) {
        record Snapshot(Profile profile, long[] sequences) {
        }
        Snapshot s = identity.read(g -> {
            Optional<String> live = g.canonical(profileId);
            if (live.isEmpty() || !live.get().equals(profileId)) {
                return null;
            }
            return new Snapshot(g.profile(profileId).orElseThrow(), withEvents ? g.eventSequences(profileId) : new long[0]);
        });
        if (s == null) {
            return Optional.empty();
        }
        Profile p = s.profile();
        Map<String, JsonNode> traits = new HashMap<>();
        for (Map.Entry<String, Trait> t : p.traits().entrySet()) {
            traits.put(t.getKey(), t.getValue().value());
        }
        Set<String> types = new TreeSet<>();
        for (ProfileIdentifier i : p.identifiers()) {
            types.add(i.type());
        }
        List<EventView> views = new ArrayList<>(s.sequences().length);
        if (s.sequences().length > 0) {
            for (StoredEvent e : events.bySequences(s.sequences())) {
                views.add(new EventView(e.sequence(), e.event().name(), e.event().type(), e.event().timestamp(), e.event().brand(),
                        e.event().sourceId(), e.event().json()));
            }
        }
        return Optional.of(PersonView.empty().withTraits(traits).withIdentifierTypes(types)
                .withBrandsAndSources(p.brands(), p.sources()).withSeen(p.firstSeen(), p.lastSeen(), p.eventCount()).withEvents(views));
    }
}
