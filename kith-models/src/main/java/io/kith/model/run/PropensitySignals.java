package io.kith.model.run;

import io.kith.derive.Defaults;
import io.kith.event.EventType;
import io.kith.model.propensity.FeatureVector;
import io.kith.segment.EventFilter;
import io.kith.segment.EventView;
import io.kith.segment.SegmentEvaluator;
import io.kith.source.SourceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The propensity features that come from events other than the purchases, kept per profile as day counts so that each
 * can be read as of any day: the cut-off for training, today for scoring. Every feature reads only the events on or
 * before that day (the day included, as {@link io.kith.model.propensity.BehaviourFeatures} does). Not thread-safe: filled
 * once, then read.
 *
 * <ul>
 *   <li>{@code log_other_events_90d}: ln(1 + events other than purchases in the 90 days up to the day);</li>
 *   <li>{@code log_support_contacts_90d}: ln(1 + service contacts in the 90 days up to the day); a service contact is
 *   what the default computed trait {@code support_calls_30d} counts ({@code Support Contact}), or any track event from a
 *   call-centre source;</li>
 *   <li>{@code newsletter_unsubscribed}: 1 when the latest newsletter signal up to the day is {@code Newsletter
 *   Unsubscribed}, as the default label {@code newsletter_unsubscribed} says ("unsubscribed and has not subscribed
 *   again"), else 0 (no signal, or subscribed);</li>
 *   <li>{@code share_web}, {@code share_app}, {@code share_store}: the shares of the track, page and screen events of the
 *   365 days up to the day that came from web, mobile and POS sources (0 with no such event).</li>
 * </ul>
 */
final class PropensitySignals {
    static final int WINDOW_DAYS = 90;
    static final int CHANNEL_DAYS = 365;
    /** How far back before the run's day events are kept: the channel window before the training cut-off. */
    static final int KEEP_DAYS = PropensityRun.HORIZON_DAYS + CHANNEL_DAYS;
    static final String SUBSCRIBED = "Newsletter Subscribed";
    static final String UNSUBSCRIBED = "Newsletter Unsubscribed";
    /*
     * The channel shares leave out call centre, CRM, server and other sources: together they are the reference level.
     * With all four channels in, the shares of a customer whose events all come from them would add up to 1, a column
     * collinear with the intercept; the L2 penalty would keep the fit finite but split the weight arbitrarily among them.
     * Call-centre contacts are in the model anyway, as log_support_contacts_90d.
     */
    static final List<String> NAMES = List.of("log_other_events_90d", "log_support_contacts_90d", "newsletter_unsubscribed",
            "share_web", "share_app", "share_store");
    private static final EventFilter SUPPORT = Defaults.traits().stream().filter(t -> t.name().equals("support_calls_30d"))
            .findFirst().orElseThrow().filter();
    private static final int WEB = 0;
    private static final int APP = 1;
    private static final int STORE = 2;
    private static final int ALL = 3;

    private final Map<String, Profile> profiles = new HashMap<>();

    /** One newsletter signal: when, its place in the log (to order two in the same second), and which way. */
    private record Signal(Instant at, long sequence, boolean unsubscribed) {
    }

    /** One profile's day counts (epoch day → count) and newsletter signals. */
    private static final class Profile {
        final TreeMap<Long, Integer> other = new TreeMap<>();
        final TreeMap<Long, Integer> support = new TreeMap<>();
        final TreeMap<Long, int[]> channels = new TreeMap<>();
        final List<Signal> newsletter = new ArrayList<>();
    }

    /**
     * Adds one event of a profile (none stamped after the run's start).
     *
     * @param purchase whether the run counts the event as a purchase
     * @param today    the run's day: events before {@link #KEEP_DAYS} of it count for no window and are not kept
     */
    void add(String profileId, EventView e, SourceKind kind, boolean purchase, LocalDate today) {
        boolean subscribed = SUBSCRIBED.equals(e.name());
        if (subscribed || UNSUBSCRIBED.equals(e.name())) {
            profile(profileId).newsletter.add(new Signal(e.timestamp(), e.sequence(), !subscribed));
        }
        long day = e.timestamp().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        if (day <= today.toEpochDay() - KEEP_DAYS) {
            return;
        }
        Profile p = profile(profileId);
        if (!purchase) {
            p.other.merge(day, 1, Integer::sum);
        }
        if (supportContact(e, kind)) {
            p.support.merge(day, 1, Integer::sum);
        }
        if (e.type() == EventType.TRACK || e.type() == EventType.PAGE || e.type() == EventType.SCREEN) {
            int[] counts = p.channels.computeIfAbsent(day, d -> new int[4]);
            counts[ALL]++;
            switch (kind) {
                case WEB -> counts[WEB]++;
                case MOBILE -> counts[APP]++;
                case POS -> counts[STORE]++;
                default -> { }
            }
        }
    }

    /** Whether an event is a service contact: what the default {@code support_calls_30d} counts, or a call-centre track. */
    static boolean supportContact(EventView e, SourceKind kind) {
        return SegmentEvaluator.matchesFilter(SUPPORT, e, e.timestamp()) || kind == SourceKind.CALL_CENTER && e.type() == EventType.TRACK;
    }

    /** The features with {@link #NAMES} added, each from the customer's events up to {@code asOf} (the day included). */
    FeatureVector features(FeatureVector f, LocalDate asOf) {
        Profile p = profiles.get(f.customerId());
        if (p == null) {
            return f.plus(NAMES, 0, 0, 0, 0, 0, 0);
        }
        long end = asOf.toEpochDay();
        int[] mix = new int[4];
        for (int[] counts : p.channels.subMap(end - CHANNEL_DAYS, false, end, true).values()) {
            for (int i = 0; i < mix.length; i++) {
                mix[i] += counts[i];
            }
        }
        return f.plus(NAMES, Math.log1p(sum(p.other, end)), Math.log1p(sum(p.support, end)), unsubscribed(p, end) ? 1 : 0,
                share(mix, WEB), share(mix, APP), share(mix, STORE));
    }

    private static int sum(TreeMap<Long, Integer> days, long end) {
        int n = 0;
        for (int c : days.subMap(end - WINDOW_DAYS, false, end, true).values()) {
            n += c;
        }
        return n;
    }

    private static boolean unsubscribed(Profile p, long end) {
        Signal latest = null;
        for (Signal s : p.newsletter) {
            if (s.at().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() <= end && (latest == null || s.at().isAfter(latest.at())
                    || s.at().equals(latest.at()) && s.sequence() > latest.sequence())) {
                latest = s;
            }
        }
        return latest != null && latest.unsubscribed();
    }

    private static double share(int[] mix, int channel) {
        return mix[ALL] == 0 ? 0 : (double) mix[channel] / mix[ALL];
    }

    private Profile profile(String id) {
        return profiles.computeIfAbsent(id, k -> new Profile());
    }
}
