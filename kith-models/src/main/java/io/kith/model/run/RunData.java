package io.kith.model.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.derive.Derivations.RfmSource;
import io.kith.identity.Identifier;
import io.kith.model.household.HouseholdProfile;
import io.kith.model.propensity.BehaviourFeatures;
import io.kith.model.recommend.Interaction;
import io.kith.segment.EventView;
import io.kith.segment.PersonViews;
import io.kith.segment.SegmentEvaluator;
import io.kith.source.SourceKind;
import io.kith.model.clv.PurchaseHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything one run reads of what Kith holds, in one pass over every live profile: the purchases (group-wide and per
 * brand, and as propensity features) always, and what the asked models need besides: the product interactions for
 * {@code recommendations}, each profile's household evidence for {@code households}, the other events' signals for
 * {@code propensity} ({@link PropensitySignals}). Events stamped after the run's start are left out. Not thread-safe:
 * filled once, then read.
 */
final class RunData {
    /** The event that says a product was looked at (Segment's e-commerce spec). */
    static final String PRODUCT_VIEWED = "Product Viewed";
    final PurchaseHistory all = new PurchaseHistory();
    final Map<String, PurchaseHistory> byBrand = new TreeMap<>();
    final BehaviourFeatures features = new BehaviourFeatures();
    final List<Interaction> interactions = new ArrayList<>();
    /** Product id → the first name the events gave it. */
    final Map<String, String> productNames = new HashMap<>();
    final List<HouseholdProfile> households = new ArrayList<>();
    final PropensitySignals signals = new PropensitySignals();
    RfmSource source;
    LocalDate today;
    LocalDate first;
    long profiles;
    long transactions;
    long views;

    /**
     * Reads the pages.
     *
     * @param identifiers the identifiers of a page's profiles in the identity graph (households read payment tokens, devices
     *                    and phones there, and in the events: an identifier refused to one profile because another holds
     *                    it, such as a card two people with their own logins use, is still in the events of both)
     * @param sourceKinds the kind of each source, by id (the propensity's channel mix and call-centre contacts)
     */
    static RunData read(Collection<String> models, Iterable<List<PersonViews.Identified>> people, RfmSource source,
                        Function<Collection<String>, Map<String, List<Identifier>>> identifiers, String region,
                        Function<String, SourceKind> sourceKinds, Instant now) {
        boolean households = models.contains("households");
        boolean propensity = models.contains("propensity");
        boolean recommendations = models.contains("recommendations");
        RunData d = new RunData();
        d.source = source;
        d.today = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (List<PersonViews.Identified> page : people) {
            Map<String, List<Identifier>> ids = households
                    ? identifiers.apply(page.stream().map(PersonViews.Identified::profileId).toList()) : Map.of();
            for (PersonViews.Identified p : page) {
                d.profiles++;
                String id = p.profileId();
                List<Identifier> seen = households ? new ArrayList<>(ids.getOrDefault(id, List.of())) : List.of();
                for (EventView e : p.person().events()) {
                    if (households) {
                        HouseholdEvidence.identifiers(e.json(), seen);
                    }
                    if (e.timestamp().isAfter(now)) {
                        continue;
                    }
                    BigDecimal amount = amount(source, e);
                    LocalDate day = e.timestamp().atZone(ZoneOffset.UTC).toLocalDate();
                    if (amount != null) {
                        d.all.add(id, day, amount.doubleValue());
                        d.byBrand.computeIfAbsent(e.brand(), b -> new PurchaseHistory()).add(id, day, amount.doubleValue());
                        d.features.add(id, day, amount.doubleValue());
                        d.first = d.first == null || day.isBefore(d.first) ? day : d.first;
                        d.transactions++;
                    }
                    if (propensity) {
                        d.signals.add(id, e, sourceKinds.apply(e.sourceId()), amount != null, d.today);
                    }
                    if (recommendations) {
                        d.products(id, e, source);
                    }
                }
                if (households) {
                    HouseholdEvidence.of(id, p.person().traits(), seen, region).ifPresent(d.households::add);
                }
            }
        }
        return d;
    }

    /** A purchase event's amount (the first of the settings' paths that holds a number), or null for any other event. */
    static BigDecimal amount(RfmSource source, EventView e) {
        if (!source.event().equals(e.name())) {
            return null;
        }
        for (String path : source.amountPaths()) {
            BigDecimal amount = SegmentEvaluator.numeric(e.at(path));
            if (amount != null) {
                return amount;
            }
        }
        return null;
    }

    /**
     * The products of a purchase ({@code properties.products[]}, or a single {@code properties.product_id}) or of a
     * {@code Product Viewed}, each by its {@code product_id}, else {@code sku}, else {@code id}.
     */
    private void products(String profileId, EventView e, RfmSource source) {
        boolean purchase = source.event().equals(e.name());
        if (!purchase && !PRODUCT_VIEWED.equals(e.name())) {
            return;
        }
        JsonNode props = e.json().path("properties");
        long time = e.timestamp().getEpochSecond();
        List<JsonNode> items = new ArrayList<>();
        if (purchase && props.path("products").isArray()) {
            props.path("products").forEach(items::add);
        } else {
            items.add(props);
        }
        for (JsonNode item : items) {
            String product = productId(item);
            if (product == null) {
                continue;
            }
            JsonNode name = item.path("name");
            if (name.isTextual() && !name.textValue().isBlank() && name.textValue().length() <= 200) {
                productNames.putIfAbsent(product, name.textValue());
            }
            interactions.add(purchase ? Interaction.purchase(profileId, product, time) : Interaction.view(profileId, product, time));
            views += purchase ? 0 : 1;
        }
    }

    private static String productId(JsonNode item) {
        for (String field : List.of("product_id", "sku", "id")) {
            JsonNode v = item.path(field);
            if ((v.isTextual() || v.isIntegralNumber()) && !v.asText().isBlank() && v.asText().length() <= 200) {
                return v.asText().strip();
            }
        }
        return null;
    }
}
