package io.kith.cli;

import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of the matcher reads from the stored events, in one pass: the identifier values that behave like shared
 * ones, and who was seen on which IP (for behavioural links). Holds nothing: personal data stays in the run's memory.
 */
final class EventScan {
    /** Shared values reported at most. */
    private static final int SHARED_LIMIT = 1_000;

    /** The shared identifier values, and the sightings on IPs. */
    record Result(List<ProbableLinks.SharedIdentifier> shared, List<io.kith.match.link.Behaviour.Sighting> sightings) {
    }

    private EventScan() {
    }

    /**
     * One read of every stored event. Evidence against a merge: each event that says a first name or a birth date, with
     * the identifiers it carries, read as identity reads them (the values seen with many people, or with as many people
     * who clearly disagree as {@code stopping} asks for, are reported). Behaviour:
     * each event with {@code context.ip}, as a sighting of the profile its identifiers lead to (known when that profile
     * holds an identifier that is not anonymous), one per profile, address, user-agent family and hour.
     */
    static Result read(IdentityProjection identity, io.kith.event.EventStore events, java.util.function.Predicate<String> anonymousType,
                       SharedValueStops.Settings stopping, int pageSize) {
        io.kith.identity.IdentifierExtractor extractor = identity.read(IdentityGraph::extractor);
        // the types always watched, and those Kith is told may be shared (a shop's own card type, say)
        java.util.Set<String> watched = new java.util.HashSet<>(io.kith.match.link.SharedIdentifiers.TYPES);
        watched.addAll(stopping.shareable(identity.read(IdentityGraph::rules)));
        io.kith.match.link.SharedIdentifiers learner = new io.kith.match.link.SharedIdentifiers(watched);
        java.util.Set<String> sightingKeys = new java.util.HashSet<>();
        List<io.kith.match.link.Behaviour.Sighting> sightings = new ArrayList<>();
        Map<String, Boolean> known = new HashMap<>();
        long next = 0;
        for (List<io.kith.event.StoredEvent> page; !(page = events.scan(next, pageSize)).isEmpty(); next = page.getLast().sequence() + 1) {
            List<io.kith.event.StoredEvent> seenOnIp = new ArrayList<>();
            for (io.kith.event.StoredEvent e : page) {
                if (e.event().context().path("ip").isTextual()) {
                    seenOnIp.add(e);
                }
                com.fasterxml.jackson.databind.node.ObjectNode traits = e.event().traits();
                if (traits.isEmpty()) {
                    continue;
                }
                String name = io.kith.match.link.SharedIdentifiers.firstName(traits);
                String birthday = io.kith.match.link.SharedIdentifiers.birthday(traits);
                if (name == null && birthday == null) {
                    continue;
                }
                learner.observe(extractor.extract(e.event()).identifiers().stream().map(io.kith.identity.Extraction.Candidate::identifier).toList(),
                        name, io.kith.match.link.SharedIdentifiers.lastName(traits), birthday);
            }
            if (seenOnIp.isEmpty()) {
                continue;
            }
            List<List<io.kith.identity.Identifier>> ids = seenOnIp.stream()
                    .map(e -> extractor.extract(e.event()).identifiers().stream().map(io.kith.identity.Extraction.Candidate::identifier).toList()).toList();
            identity.read(g -> {
                for (int i = 0; i < seenOnIp.size(); i++) {
                    io.kith.event.Event e = seenOnIp.get(i).event();
                    Optional<String> profile = ids.get(i).stream().map(g::lookup).flatMap(Optional::stream).findFirst();
                    if (profile.isEmpty()) {
                        continue;
                    }
                    String pid = profile.get();
                    boolean isKnown = known.computeIfAbsent(pid, x -> g.profile(x).map(p -> p.identifiers().stream()
                            .anyMatch(id -> !anonymousType.test(id.type()))).orElse(false));
                    String ip = e.context().path("ip").asText().strip();
                    String family = io.kith.match.link.Behaviour.family(e.context().path("userAgent").asText(null));
                    long hour = e.timestamp().getEpochSecond() / 3600;
                    if (!ip.isEmpty() && sightingKeys.add(pid + " " + ip + " " + family + " " + hour)) {
                        sightings.add(new io.kith.match.link.Behaviour.Sighting(pid, isKnown, ip, family, e.timestamp()));
                    }
                }
                return null;
            });
        }
        return new Result(learner.report(ProbableLinksJob.SHARED_MIN_NAMES, ProbableLinksJob.SHARED_MIN_BIRTHDAYS, stopping.minPeople(), SHARED_LIMIT), sightings);
    }
}
