package io.kith.derive;

import io.kith.label.LabelDefinition;
import io.kith.label.LabelFamily;
import io.kith.label.LabelRule;
import io.kith.segment.Condition;
import io.kith.segment.EventFilter;
import io.kith.segment.ProfileValue;
import io.kith.segment.Window;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.trait.ComputedTrait;
import io.kith.trait.TraitFunction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The computed traits and labels a new Kith starts with, written for Segment's e-commerce event names (Order
 * Completed with {@code revenue}, Product Viewed/Added with {@code category}, Support Contact, Newsletter
 * Subscribed/Unsubscribed), which the demo data uses too. Installed once, when the store holds no definition of that
 * kind; an operator changes or adds to them through the API like any other definition.
 */
public final class Defaults {
    private static final EventFilter ORDERS = EventFilter.named("Order Completed");
    /** Support reasons that are complaints rather than questions; a definition to change, not a rule of Kith's. */
    static final List<String> COMPLAINT_REASONS = List.of("Broken item", "Network coverage", "Roaming charges", "Delivery", "Returns");

    private Defaults() {
    }

    public static List<ComputedTrait> traits() {
        return List.of(
                new ComputedTrait("orders_90d", "Orders in the last 90 days", new TraitFunction.Count(), ORDERS, within(90)),
                new ComputedTrait("orders_prev_90d", "Orders between 90 and 180 days ago", new TraitFunction.Count(), ORDERS,
                        new Window.Between(Duration.ofDays(90), Duration.ofDays(180))),
                new ComputedTrait("orders_lifetime", "Orders ever", new TraitFunction.Count(), ORDERS, new Window.Ever()),
                new ComputedTrait("revenue_lifetime", "Revenue of every order", new TraitFunction.Sum("properties.revenue"), ORDERS, new Window.Ever()),
                new ComputedTrait("average_order_value", "Mean revenue per order", new TraitFunction.Avg("properties.revenue"), ORDERS,
                        new Window.Ever()),
                new ComputedTrait("last_order_at", "When the last order was placed", new TraitFunction.Last("timestamp"), ORDERS, new Window.Ever()),
                new ComputedTrait("favourite_category", "The category viewed most in the last year",
                        new TraitFunction.MostFrequent("properties.category"), EventFilter.named("Product Viewed"), within(365)),
                new ComputedTrait("preferred_channel", "The channel most orders came through (web, app, store)",
                        new TraitFunction.MostFrequent("properties.channel"), ORDERS, new Window.Ever()),
                new ComputedTrait("preferred_brand", "The brand most orders went to", new TraitFunction.MostFrequent("brand"), ORDERS,
                        new Window.Ever()),
                new ComputedTrait("preferred_store", "The store most in-store orders were paid at", new TraitFunction.MostFrequent("properties.store"),
                        ORDERS, new Window.Ever()),
                new ComputedTrait("support_calls_30d", "Support contacts in the last 30 days", new TraitFunction.Count(),
                        EventFilter.named("Support Contact"), within(30)),
                new ComputedTrait("complaints_30d", "Support contacts about a complaint in the last 30 days", new TraitFunction.Count(),
                        complaints(), within(30)));
    }

    public static List<LabelDefinition> labels() {
        ProfileValue birthday = new ProfileValue(ProfileValue.Namespace.TRAIT, "birthday");
        return List.of(
                new LabelDefinition("age_band", LabelFamily.DEMOGRAPHIC, "Age in years from the birthday trait", new LabelRule.Bands(birthday, true,
                        List.of(band("under 18", null, 18), band("18-24", 18, 25), band("25-34", 25, 35), band("35-44", 35, 45),
                                band("45-54", 45, 55), band("55-64", 55, 65), band("65+", 65, null)))),
                new LabelDefinition("life_stage", LabelFamily.DEMOGRAPHIC, "A life stage from age alone (refine with household data)",
                        new LabelRule.Bands(birthday, true, List.of(band("young adult", 18, 30), band("established", 30, 50),
                                band("empty nester", 50, 65), band("senior", 65, null)))),
                new LabelDefinition("gender", LabelFamily.DEMOGRAPHIC, "The gender trait, when a source said it",
                        new LabelRule.Copy(new ProfileValue(ProfileValue.Namespace.TRAIT, "gender"))),
                new LabelDefinition("city", LabelFamily.DEMOGRAPHIC, "The city of the address trait, when a source said it",
                        new LabelRule.Copy(new ProfileValue(ProfileValue.Namespace.TRAIT, "address.city"))),
                new LabelDefinition("top_category", LabelFamily.PREFERENCE, "The category viewed most in the last year",
                        new LabelRule.Copy(computed("favourite_category"))),
                new LabelDefinition("preferred_channel", LabelFamily.PREFERENCE, "The channel most orders came through",
                        new LabelRule.Copy(computed("preferred_channel"))),
                new LabelDefinition("preferred_brand", LabelFamily.PREFERENCE, "The brand most orders went to",
                        new LabelRule.Copy(computed("preferred_brand"))),
                new LabelDefinition("preferred_store", LabelFamily.PREFERENCE, "The store most in-store orders were paid at",
                        new LabelRule.Copy(computed("preferred_store"))),
                new LabelDefinition("price_sensitivity", LabelFamily.PREFERENCE, "From the mean order value: under 20 sensitive, 20-60 balanced, premium above",
                        new LabelRule.Bands(computed("average_order_value"), false, List.of(band("price sensitive", null, 20),
                                band("balanced", 20, 60), band("premium", 60, null)))),
                new LabelDefinition("cart_abandoned_3d", LabelFamily.JOURNEY, "Added a product in the last 3 days and has not ordered since",
                        when("performed \"Product Added\" within 3 days then not \"Order Completed\"")),
                new LabelDefinition("support_calls_30d", LabelFamily.JOURNEY, "Contacted support twice or more in the last 30 days",
                        when("computed support_calls_30d >= 2")),
                new LabelDefinition("complaints_30d", LabelFamily.JOURNEY, "Complained in the last 30 days",
                        when("computed complaints_30d >= 1")),
                new LabelDefinition("newsletter_unsubscribed", LabelFamily.JOURNEY, "Unsubscribed from the newsletter and has not subscribed again",
                        when("performed \"Newsletter Unsubscribed\" then not \"Newsletter Subscribed\"")),
                new LabelDefinition("purchase_frequency_dropped", LabelFamily.JOURNEY,
                        "Ordered at least twice between 90 and 180 days ago and not in the last 90 days",
                        when("computed orders_prev_90d >= 2 and computed orders_90d = 0")),
                new LabelDefinition("lapsed", LabelFamily.JOURNEY, "Ordered before, but not in the last 180 days",
                        when("computed orders_lifetime >= 1 and count(\"Order Completed\", within 180 days) = 0")));
    }

    /** Installs the defaults of each kind that has no definition yet; answers how many it saved. */
    public static int install(Definitions definitions, Instant at) {
        int n = 0;
        if (definitions.all(Definitions.Kind.COMPUTED_TRAIT).isEmpty()) {
            for (ComputedTrait t : traits()) {
                definitions.save(Definitions.Kind.COMPUTED_TRAIT, t.name(), DerivationJson.toJson(t), at);
                n++;
            }
        }
        if (definitions.all(Definitions.Kind.LABEL).isEmpty()) {
            for (LabelDefinition l : labels()) {
                definitions.save(Definitions.Kind.LABEL, l.name(), DerivationJson.toJson(l), at);
                n++;
            }
        }
        return n;
    }

    private static EventFilter complaints() {
        StringBuilder reasons = new StringBuilder();
        for (String r : COMPLAINT_REASONS) {
            reasons.append(reasons.length() == 0 ? "" : ", ").append('"').append(r).append('"');
        }
        Condition c = parse("performed \"Support Contact\" where properties.reason in [" + reasons + "]");
        return ((Condition.EventCondition) c).filter();
    }

    private static ProfileValue computed(String name) {
        return new ProfileValue(ProfileValue.Namespace.COMPUTED, name);
    }

    private static Window within(int days) {
        return new Window.Within(Duration.ofDays(days));
    }

    private static LabelRule.Band band(String label, Integer from, Integer to) {
        return new LabelRule.Band(label, from == null ? null : BigDecimal.valueOf(from), to == null ? null : BigDecimal.valueOf(to));
    }

    private static LabelRule.When when(String text) {
        return new LabelRule.When(parse(text));
    }

    private static Condition parse(String text) {
        return switch (SegmentParser.parse(text)) {
            case ParseResult.Parsed p -> p.condition();
            case ParseResult.Failed f -> throw new IllegalStateException("a default definition does not parse: " + f.diagnostics());
        };
    }
}
