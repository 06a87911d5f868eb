package io.kith.match.link;

import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Behavioural linking: an anonymous profile (only cookies or device ids) seen on the same IP address as a known profile
 * (one with an e-mail, a login, a card...) within a time window is probably that person on another device. How much an
 * IP says falls with how many profiles use it: a home line shared by two profiles says much, an office, a mobile carrier's
 * gateway or public Wi-Fi used by dozens says nothing (more than {@link Settings#maxProfilesPerIp} profiles: ignored). The
 * user-agent family adds a little (the same browser family) or takes away (another one). Pure computation.
 *
 * <p>The score, in bits like the record matcher's: the IP's weight is the log-odds of {@code household × 2 / n / k}, the
 * chance that an anonymous visitor on an IP used by {@code n} profiles, {@code k} of them known, is one given known one
 * (capped at 0.95); the same user-agent family adds 1 bit, another takes 2. The evidence names the levels
 * ({@code shared-by-n}, {@code same}/{@code different}), never the address.
 */
public final class Behaviour {
    /** The model version of behavioural links. */
    public static final String VERSION = "ip-v1";

    /** One profile seen on an IP (one per profile, address, user-agent family and hour is enough). */
    public record Sighting(String profileId, boolean known, String ip, String userAgentFamily, Instant at) {
    }

    /**
     * @param window          two sightings count together when at most this far apart (default one day)
     * @param maxProfilesPerIp an IP used by more profiles than this is ignored (default 20)
     * @param household       the chance that an anonymous visitor on an IP two profiles use is the known one (default 0.8)
     * @param minProbability  links at or above (default 0.5, as the record matcher's)
     */
    public record Settings(Duration window, int maxProfilesPerIp, double household, double minProbability) {
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(1), 20, 0.8, 0.5);
    }

    private Behaviour() {
    }

    /** The family of a user agent: chrome, edge, firefox, safari, samsung, opera, app (an SDK), bot, other; null for none. */
    public static String family(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("bot") || ua.contains("spider") || ua.contains("crawl")) {
            return "bot";
        }
        if (ua.contains("edg/")) {
            return "edge";
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return "opera";
        }
        if (ua.contains("samsungbrowser")) {
            return "samsung";
        }
        if (ua.contains("firefox/") || ua.contains("fxios")) {
            return "firefox";
        }
        if (ua.contains("chrome/") || ua.contains("crios")) {
            return "chrome";
        }
        if (ua.contains("safari/")) {
            return "safari";
        }
        if (ua.contains("okhttp") || ua.contains("cfnetwork") || ua.contains("dalvik")) {
            return "app";
        }
        return "other";
    }

    /** Links each anonymous profile to the known profiles it shared an IP with in the window, strongest first. */
    public static List<Link> link(List<Sighting> sightings, Settings settings, Instant now) {
        Map<String, List<Sighting>> byIp = new HashMap<>();
        for (Sighting s : sightings) {
            if (s.ip() != null && !s.ip().isBlank()) {
                byIp.computeIfAbsent(s.ip(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Link> best = new TreeMap<>();
        double minWeight = log2(settings.minProbability() / (1 - settings.minProbability()));
        for (List<Sighting> seen : byIp.values()) {
            Map<String, List<Sighting>> byProfile = new LinkedHashMap<>();
            Map<String, Boolean> known = new HashMap<>();
            for (Sighting s : seen) {
                byProfile.computeIfAbsent(s.profileId(), k -> new ArrayList<>()).add(s);
                known.merge(s.profileId(), s.known(), Boolean::logicalOr);
            }
            int n = byProfile.size();
            long k = known.values().stream().filter(b -> b).count();
            if (n < 2 || n > settings.maxProfilesPerIp() || k == 0 || k == n) {
                continue;
            }
            double chance = Math.min(0.95, settings.household() * 2.0 / n) / k;
            double ipWeight = round(log2(chance / (1 - chance)));
            for (Map.Entry<String, List<Sighting>> a : byProfile.entrySet()) {
                if (known.get(a.getKey())) {
                    continue;
                }
                for (Map.Entry<String, List<Sighting>> c : byProfile.entrySet()) {
                    if (!known.get(c.getKey())) {
                        continue;
                    }
                    Boolean sameFamily = together(a.getValue(), c.getValue(), settings.window());
                    if (sameFamily == null) {
                        continue; // never within the window
                    }
                    double uaWeight = sameFamily ? 1.0 : -2.0;
                    double w = ipWeight + uaWeight;
                    if (w < minWeight) {
                        continue;
                    }
                    String x = a.getKey();
                    String y = c.getKey();
                    boolean inOrder = x.compareTo(y) < 0;
                    Link l = new Link(inOrder ? x : y, inOrder ? y : x, probability(w), w, 0.0, List.of(new Evidence("ip", "shared-by-" + n, ipWeight),
                            new Evidence("user_agent_family", sameFamily ? "same" : "different", uaWeight)), VERSION, now);
                    best.merge(l.profileA() + " " + l.profileB(), l, (p, q) -> p.probability() >= q.probability() ? p : q);
                }
            }
        }
        List<Link> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble(Link::probability).reversed().thenComparing(Link::profileA).thenComparing(Link::profileB));
        return List.copyOf(out);
    }

    /** Null when no two sightings are within the window; else whether two within it share a user-agent family. */
    private static Boolean together(List<Sighting> a, List<Sighting> b, Duration window) {
        Boolean any = null;
        for (Sighting x : a) {
            for (Sighting y : b) {
                if (Duration.between(x.at(), y.at()).abs().compareTo(window) <= 0) {
                    if (x.userAgentFamily() != null && x.userAgentFamily().equals(y.userAgentFamily())) {
                        return true;
                    }
                    any = false;
                }
            }
        }
        return any;
    }

    private static double probability(double w) {
        return 1.0 / (1.0 + Math.pow(2, -w));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double round(double w) {
        return Math.round(w * 1000) / 1000.0;
    }
}
