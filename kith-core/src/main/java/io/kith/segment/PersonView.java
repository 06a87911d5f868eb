package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a segment condition can look at for one person, as plain values: the input of
 * {@link SegmentEvaluator}. A name absent from a map is a missing value.
 *
 * @param traits          merged traits by top-level name; a dotted trait path reads into the JSON below the name
 * @param computed        computed trait values by name
 * @param labels          label values by label name
 * @param rfm             the person's RFM values, or null when none were computed (every RFM value is then missing)
 * @param models          model scores by model name
 * @param consent         consent state ("granted", "denied", ...) by purpose
 * @param identifierTypes the types of the identifiers the profile holds
 * @param brands          the brands the person's events came through
 * @param sources         the source ids the person's events came through
 * @param firstSeen       null when unknown
 * @param lastSeen        null when unknown
 * @param events          the person's events, in any order
 * @param memberOf        the keys of the segments the person is a member of (for {@link Condition.InSegment}; the
 *                        caller evaluates referenced segments first)
 */
public record PersonView(Map<String, JsonNode> traits, Map<String, JsonNode> computed, Map<String, String> labels, Rfm rfm,
                         Map<String, BigDecimal> models, Map<String, String> consent, Set<String> identifierTypes,
                         Set<String> brands, Set<String> sources, Instant firstSeen, Instant lastSeen, long eventCount,
                         List<EventView> events, Set<String> memberOf) {

    /**
     * A person's RFM values; a null field is missing.
     *
     * @param segment     e.g. "Champions"
     * @param r           recency score, 1 to 5
     * @param f           frequency score, 1 to 5
     * @param m           monetary score, 1 to 5
     * @param recencyDays days since the last purchase
     * @param frequency   number of purchases
     * @param monetary    money spent
     * @param brands      the person's RFM among each brand's customers, by brand (those they bought from)
     */
    public record Rfm(String segment, Integer r, Integer f, Integer m, BigDecimal recencyDays, BigDecimal frequency,
                      BigDecimal monetary, Map<String, Rfm> brands) {
        public Rfm {
            brands = brands == null ? Map.of() : Map.copyOf(brands);
        }

        /** Group-wide values only. */
        public Rfm(String segment, Integer r, Integer f, Integer m, BigDecimal recencyDays, BigDecimal frequency, BigDecimal monetary) {
            this(segment, r, f, m, recencyDays, frequency, monetary, Map.of());
        }
    }

    public PersonView {
        traits = Map.copyOf(Objects.requireNonNull(traits, "traits"));
        computed = Map.copyOf(Objects.requireNonNull(computed, "computed"));
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        models = Map.copyOf(Objects.requireNonNull(models, "models"));
        consent = Map.copyOf(Objects.requireNonNull(consent, "consent"));
        identifierTypes = Set.copyOf(Objects.requireNonNull(identifierTypes, "identifierTypes"));
        brands = Set.copyOf(Objects.requireNonNull(brands, "brands"));
        sources = Set.copyOf(Objects.requireNonNull(sources, "sources"));
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        memberOf = Set.copyOf(Objects.requireNonNull(memberOf, "memberOf"));
    }

    /** A person with nothing known: no values, no identifiers, no events. */
    public static PersonView empty() {
        return new PersonView(Map.of(), Map.of(), Map.of(), null, Map.of(), Map.of(), Set.of(), Set.of(), Set.of(), null,
                null, 0, List.of(), Set.of());
    }

    public PersonView withTraits(Map<String, JsonNode> v) {
        return new PersonView(v, computed, labels, rfm, models, consent, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withComputed(Map<String, JsonNode> v) {
        return new PersonView(traits, v, labels, rfm, models, consent, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withLabels(Map<String, String> v) {
        return new PersonView(traits, computed, v, rfm, models, consent, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withRfm(Rfm v) {
        return new PersonView(traits, computed, labels, v, models, consent, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withModels(Map<String, BigDecimal> v) {
        return new PersonView(traits, computed, labels, rfm, v, consent, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withConsent(Map<String, String> v) {
        return new PersonView(traits, computed, labels, rfm, models, v, identifierTypes, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withIdentifierTypes(Set<String> v) {
        return new PersonView(traits, computed, labels, rfm, models, consent, v, brands, sources, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withBrandsAndSources(Set<String> b, Set<String> s) {
        return new PersonView(traits, computed, labels, rfm, models, consent, identifierTypes, b, s, firstSeen, lastSeen,
                eventCount, events, memberOf);
    }

    public PersonView withSeen(Instant first, Instant last, long count) {
        return new PersonView(traits, computed, labels, rfm, models, consent, identifierTypes, brands, sources, first, last,
                count, events, memberOf);
    }

    public PersonView withEvents(List<EventView> v) {
        return new PersonView(traits, computed, labels, rfm, models, consent, identifierTypes, brands, sources, firstSeen,
                lastSeen, eventCount, v, memberOf);
    }

    public PersonView withMemberOf(Set<String> v) {
        return new PersonView(traits, computed, labels, rfm, models, consent, identifierTypes, brands, sources, firstSeen,
                lastSeen, eventCount, events, v);
    }
}
