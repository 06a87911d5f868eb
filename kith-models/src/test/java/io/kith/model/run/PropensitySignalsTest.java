package io.kith.model.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.EventType;
import io.kith.model.propensity.FeatureVector;
import io.kith.segment.EventView;
import io.kith.source.SourceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropensitySignalsTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-06-01");
    private static final LocalDate CUTOFF = TODAY.minusDays(PropensityRun.HORIZON_DAYS);
    private static final FeatureVector BASE = new FeatureVector("c1", List.of("recency_days"), new double[] {3});

    private final PropensitySignals signals = new PropensitySignals();
    private long sequence;

    private void add(String name, EventType type, LocalDate day, SourceKind kind) {
        add(name, type, day.atTime(12, 0).toInstant(ZoneOffset.UTC), kind);
    }

    private void add(String name, EventType type, Instant at, SourceKind kind) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", type.wireName()).put("timestamp", at.toString());
        if (name != null) {
            json.put("event", name);
        }
        signals.add("c1", new EventView(++sequence, name, type, at, "north", kind.wireName(), json), kind, "Order Completed".equals(name), TODAY);
    }

    private double feature(LocalDate asOf, String name) {
        FeatureVector f = signals.features(BASE, asOf);
        return f.value(f.names().indexOf(name));
    }

    @Test
    void theFeaturesFollowTheBaseOnesInTheirOrder() {
        FeatureVector f = signals.features(BASE, CUTOFF);
        assertThat(f.names()).containsExactly("recency_days", "log_other_events_90d", "log_support_contacts_90d", "newsletter_unsubscribed",
                "share_web", "share_app", "share_store");
        assertThat(f.values()).containsExactly(3, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void eventsAfterTheCutoffDoNotChangeTheFeaturesAsOfIt() {
        add("Order Completed", EventType.TRACK, CUTOFF.minusDays(40), SourceKind.WEB);
        add("Support Contact", EventType.TRACK, CUTOFF.minusDays(10), SourceKind.CALL_CENTER);
        add("Newsletter Subscribed", EventType.TRACK, CUTOFF.minusDays(200), SourceKind.WEB);
        FeatureVector before = signals.features(BASE, CUTOFF);

        add("Support Contact", EventType.TRACK, CUTOFF.plusDays(1), SourceKind.CALL_CENTER);
        add("Newsletter Unsubscribed", EventType.TRACK, CUTOFF.plusDays(2), SourceKind.WEB);
        add("Product Viewed", EventType.TRACK, CUTOFF.plusDays(3), SourceKind.MOBILE);
        add(null, EventType.SCREEN, CUTOFF.plusDays(3), SourceKind.MOBILE);

        assertThat(signals.features(BASE, CUTOFF)).isEqualTo(before);
        assertThat(signals.features(BASE, TODAY)).isNotEqualTo(before);
        assertThat(feature(TODAY, "log_support_contacts_90d")).isEqualTo(Math.log1p(1)); // the one before the cut-off is 100 days old
        assertThat(feature(TODAY, "newsletter_unsubscribed")).isEqualTo(1);
        assertThat(feature(TODAY, "share_app")).isEqualTo(2.0 / 7);
    }

    @Test
    void supportContactsAreSupportContactEventsOrTracksFromACallCentreInThe90Days() {
        add("Support Contact", EventType.TRACK, CUTOFF.minusDays(5), SourceKind.WEB);
        add("Contract Question", EventType.TRACK, CUTOFF.minusDays(4), SourceKind.CALL_CENTER);
        add(null, EventType.IDENTIFY, CUTOFF.minusDays(4), SourceKind.CALL_CENTER);
        add("Product Viewed", EventType.TRACK, CUTOFF.minusDays(3), SourceKind.WEB);
        add("Support Contact", EventType.TRACK, CUTOFF.minusDays(90), SourceKind.CALL_CENTER);

        assertThat(feature(CUTOFF, "log_support_contacts_90d")).isEqualTo(Math.log1p(2));
        assertThat(feature(CUTOFF.minusDays(1), "log_support_contacts_90d")).isEqualTo(Math.log1p(3));
    }

    @Test
    void theLatestNewsletterSignalUpToTheDayDecidesTheStatus() {
        LocalDate subscribed = CUTOFF.minusDays(300);
        LocalDate left = CUTOFF.minusDays(30);
        LocalDate back = CUTOFF.plusDays(10);
        add("Newsletter Subscribed", EventType.TRACK, subscribed, SourceKind.WEB);
        add("Newsletter Unsubscribed", EventType.TRACK, left, SourceKind.WEB);
        add("Newsletter Subscribed", EventType.TRACK, back, SourceKind.MOBILE);

        assertThat(feature(subscribed.minusDays(1), "newsletter_unsubscribed")).isZero();
        assertThat(feature(subscribed, "newsletter_unsubscribed")).isZero();
        assertThat(feature(left.minusDays(1), "newsletter_unsubscribed")).isZero();
        assertThat(feature(left, "newsletter_unsubscribed")).isEqualTo(1);
        assertThat(feature(CUTOFF, "newsletter_unsubscribed")).isEqualTo(1);
        assertThat(feature(back, "newsletter_unsubscribed")).isZero();
    }

    @Test
    void twoSignalsAtTheSameInstantAreOrderedByTheLog() {
        Instant at = CUTOFF.atStartOfDay().toInstant(ZoneOffset.UTC);
        add("Newsletter Subscribed", EventType.TRACK, at, SourceKind.WEB);
        add("Newsletter Unsubscribed", EventType.TRACK, at, SourceKind.WEB);
        assertThat(feature(CUTOFF, "newsletter_unsubscribed")).isEqualTo(1);
    }

    @Test
    void aCustomerWithOnlyStorePurchasesHasAStoreShareOf1() {
        for (int i = 1; i <= 5; i++) {
            add("Order Completed", EventType.TRACK, CUTOFF.minusDays(30L * i), SourceKind.POS);
        }
        assertThat(feature(CUTOFF, "share_store")).isEqualTo(1);
        assertThat(feature(CUTOFF, "share_web")).isZero();
        assertThat(feature(CUTOFF, "share_app")).isZero();
        assertThat(feature(CUTOFF, "log_other_events_90d")).isZero();
    }

    @Test
    void theChannelMixCoversTheTrackPageAndScreenEventsOfTheYearUpToTheDay() {
        add("Order Completed", EventType.TRACK, CUTOFF.minusDays(10), SourceKind.POS);
        add(null, EventType.PAGE, CUTOFF.minusDays(20), SourceKind.WEB);
        add(null, EventType.SCREEN, CUTOFF.minusDays(30), SourceKind.MOBILE);
        add("Support Contact", EventType.TRACK, CUTOFF.minusDays(40), SourceKind.CALL_CENTER);
        add(null, EventType.IDENTIFY, CUTOFF.minusDays(40), SourceKind.CRM);
        add(null, EventType.PAGE, CUTOFF.minusDays(364), SourceKind.WEB);

        assertThat(feature(CUTOFF, "share_store")).isEqualTo(0.2);
        assertThat(feature(CUTOFF, "share_web")).isEqualTo(0.4);
        assertThat(feature(CUTOFF, "share_app")).isEqualTo(0.2);
        assertThat(feature(CUTOFF.plusDays(1), "share_web")).isEqualTo(0.25); // the page of 364 days before is out of the year
        assertThat(feature(CUTOFF.plusDays(1), "share_store")).isEqualTo(0.25);
    }
}
