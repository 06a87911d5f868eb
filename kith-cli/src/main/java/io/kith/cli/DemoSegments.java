package io.kith.cli;

import io.kith.segment.Condition;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import java.util.List;

/** The segments {@code kith serve --demo} defines, in the segment language: what a marketer would start with. */
public final class DemoSegments {
    private DemoSegments() {
    }

    public static List<SegmentDefinition> all() {
        return List.of(
                segment("champions", "Champions and loyal customers", "Best RFM segments: buy often, recently, and spend most",
                        "rfm.segment in [\"Champions\", \"Loyal\"]"),
                segment("cart-abandoners", "Abandoned a cart", "Added a product in the last 3 days and has not ordered since",
                        "performed \"Product Added\" within 3 days then not \"Order Completed\""),
                segment("lapsed-after-unsubscribe", "Dropped after unsubscribing", "Unsubscribed from the newsletter and bought less since",
                        "label newsletter_unsubscribed exists and label purchase_frequency_dropped exists"),
                segment("at-risk-big-spenders", "Big spenders at risk", "Spent over 200 but no order in the last 60 days",
                        "computed revenue_lifetime > 200 and not performed \"Order Completed\" within 60 days"),
                segment("frequent-support", "Frequent support contacts", "Two or more support contacts in 30 days, or a complaint",
                        "label support_calls_30d exists or label complaints_30d exists"),
                segment("viewed-then-bought", "Viewed then bought within a week", "A product view followed by an order within 7 days",
                        "performed \"Product Viewed\" then \"Order Completed\" within 7 days"));
    }

    private static SegmentDefinition segment(String key, String name, String description, String text) {
        Condition c = switch (SegmentParser.parse(text)) {
            case ParseResult.Parsed p -> p.condition();
            case ParseResult.Failed f -> throw new IllegalStateException("demo segment " + key + " does not parse: " + f.diagnostics());
        };
        return new SegmentDefinition(key, name, description, c);
    }
}
