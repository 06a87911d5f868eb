package io.kith.cli;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityAlert;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import io.kith.profile.api.IdentityRebuild;
import io.kith.profile.api.ProfileRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence against a merge, acted on: the identifier values of a matching run behind which people's first names and
 * birth dates clearly disagree ({@link ProbableLinks.SharedIdentifier#people}) stop linking by themselves. Kith writes
 * the {@code unlink} override an operator would ({@link IdentityOverrides#withLearned}, author
 * {@value IdentityOverrides#SHARED_VALUE}), one version for the run's values, and the rebuild splits the profiles they
 * alone joined, which are then contested links. Each stopped value is an identity alert ({@code SHARED_VALUE_STOPPED})
 * once the rebuild is done, naming the type and the profiles (the log names no value).
 * An operator's "Link again" undoes it and is kept ({@link IdentityOverrides#allowedToLink}): the value is never stopped
 * by Kith again. Runs on the matcher's thread.
 */
final class SharedValueStops {
    private static final Logger LOG = LoggerFactory.getLogger(SharedValueStops.class);

    /**
     * When Kith stops a value linking.
     *
     * @param enabled   {@code KITH_SHARED_VALUE_STOP} (default true): false reports the values and changes nothing
     * @param minPeople {@code KITH_SHARED_VALUE_MIN_PEOPLE} (default 2): people behind the value whose names and birth dates
     *                  clearly disagree; 2 is a couple's e-mail. One person's records clearly disagree in 0.64 % of pairs
     *                  on FEBRL 3 (docs/identity-matching.md), so a value of one person with five events is stopped
     *                  wrongly about 6 % of the time on data that corrupt; 3 would spare it but miss every couple
     * @param types     the identifier types that can be shared: by default (empty) those the identity rules in force mark
     *                  {@code shareable} (email, phone, loyalty_card unless configured otherwise), the one setting
     *                  resolution's contested links read too; {@code KITH_SHARED_VALUE_TYPES}, kept for the deployments that
     *                  set it, overrides it. A login (user_id) is one person's by definition and never stopped
     */
    record Settings(boolean enabled, int minPeople, Set<String> types) {
        static final Settings DEFAULTS = new Settings(true, 2, Set.of());

        Settings {
            types = Set.copyOf(types);
            if (minPeople < 2) {
                throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_CONFIG,
                        "KITH_SHARED_VALUE_MIN_PEOPLE must be at least 2 (two people who disagree), got " + minPeople);
            }
        }

        /** From the environment, or the system properties {@code kith.shared-value.stop}, {@code .min-people}, {@code .types}. */
        static Settings fromEnvironment() {
            return of(setting("KITH_SHARED_VALUE_STOP", "kith.shared-value.stop"), setting("KITH_SHARED_VALUE_MIN_PEOPLE", "kith.shared-value.min-people"),
                    setting("KITH_SHARED_VALUE_TYPES", "kith.shared-value.types"));
        }

        /** Each null or blank text keeps its default. */
        static Settings of(String enabled, String minPeople, String types) {
            boolean on = DEFAULTS.enabled();
            if (enabled != null && !enabled.isBlank()) {
                on = switch (enabled.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "on", "yes", "1" -> true;
                    case "false", "off", "no", "0" -> false;
                    default -> throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_CONFIG,
                            "KITH_SHARED_VALUE_STOP must be true or false, got \"" + enabled + "\"");
                };
            }
            int min = DEFAULTS.minPeople();
            if (minPeople != null && !minPeople.isBlank()) {
                try {
                    min = Integer.parseInt(minPeople.strip());
                } catch (NumberFormatException e) {
                    throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_CONFIG,
                            "KITH_SHARED_VALUE_MIN_PEOPLE must be a whole number, got \"" + minPeople + "\"");
                }
            }
            Set<String> kinds = types == null || types.isBlank() ? DEFAULTS.types()
                    : Arrays.stream(types.split(",")).map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
            for (String t : kinds) {
                if (!Identifier.isTypeName(t)) {
                    throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_CONFIG,
                            "KITH_SHARED_VALUE_TYPES names identifier types in lower_snake_case, got \"" + t + "\"");
                }
            }
            return new Settings(on, min, kinds);
        }

        private static String setting(String env, String property) {
            return System.getenv().getOrDefault(env, System.getProperty(property));
        }

        /** Whether values of a type can be shared: the override's types when set, else the rules' {@code shareable} flag. */
        boolean shareable(String type, io.kith.identity.IdentityRules rules) {
            return types.isEmpty() ? rules.type(type).shareable() : types.contains(type);
        }

        /** The configured types that can be shared ({@link #shareable}). */
        Set<String> shareable(io.kith.identity.IdentityRules rules) {
            return types.isEmpty() ? rules.types().values().stream().filter(io.kith.identity.IdentifierType::shareable)
                    .map(io.kith.identity.IdentifierType::name).collect(Collectors.toUnmodifiableSet()) : types;
        }
    }

    /**
     * A value Kith stopped: the rule it wrote, the profile the value joined when it did, the evidence's counts, and the
     * rebuild that puts the rule in force.
     */
    record Stopped(IdentityOverrides.LearnedUnlink rule, String profileId, int people, long events, String rebuildId) {
    }

    private final IdentityProjection identity;
    private final ProfileRoutes.OverridesChanges overrides;
    private final Settings settings;

    /** @param overrides saves the rule and queues the rebuild; null where this process does not change identity (nothing is stopped) */
    SharedValueStops(IdentityProjection identity, ProfileRoutes.OverridesChanges overrides, Settings settings) {
        this.identity = identity;
        this.overrides = overrides;
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /**
     * The values of a run's report that Kith stops: of a type that can be shared, with enough people who clearly disagree
     * still linked through it, neither unlinked already nor allowed by an operator. {@code heldApart} counts, per value,
     * the profiles resolution already refused it to (held as contested, or a rule such as one e-mail per CRM record):
     * those people are not linked through it, and stopping the value for them would take it from its owner too — on
     * the demo data, whose couples' CRM records share a family e-mail, that split 18 more persons (recall 0.8988 →
     * 0.8939, `identity evaluate`). A value still joining two who disagree (merged before their names arrived) is
     * stopped.
     */
    static List<ProbableLinks.SharedIdentifier> toStop(List<ProbableLinks.SharedIdentifier> shared, IdentityOverrides current, Settings settings,
                                                       io.kith.identity.IdentityRules rules, java.util.Map<Identifier, Integer> heldApart) {
        if (!settings.enabled()) {
            return List.of();
        }
        List<ProbableLinks.SharedIdentifier> out = new ArrayList<>();
        for (ProbableLinks.SharedIdentifier s : shared) {
            Identifier id = new Identifier(s.type(), s.value());
            int linked = s.people() - heldApart.getOrDefault(id, 0);
            if (settings.shareable(s.type(), rules) && linked >= settings.minPeople() && !current.isUnlinked(id) && !current.isAllowed(id)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Per identifier value, how many live profiles resolution refused it to, under any rule: one walk over the graph's
     * refusals (one per rule took a dozen).
     */
    static java.util.Map<Identifier, Integer> heldApart(io.kith.identity.IdentityGraph g) {
        java.util.Map<Identifier, java.util.Set<String>> by = new java.util.HashMap<>();
        g.forEachRefusal((profile, r) -> by.computeIfAbsent(r.identifier(), k -> new java.util.HashSet<>()).add(profile));
        java.util.Map<Identifier, Integer> n = new java.util.HashMap<>();
        by.forEach((id, profiles) -> n.put(id, profiles.size()));
        return n;
    }

    /**
     * Stops the values of this report that {@link #toStop} picks: saves their rules as one new version of the overrides,
     * and the rebuild follows as for an operator's change. Returns what it stopped; {@link #alertInForce} raises the alerts
     * once the rebuild has put the rules in force.
     */
    List<Stopped> stop(List<ProbableLinks.SharedIdentifier> shared, Instant now) {
        if (overrides == null) {
            return List.of();
        }
        List<Stopped> picked = new ArrayList<>();
        java.util.Map<Identifier, Integer> heldApart = identity.read(SharedValueStops::heldApart);
        for (ProbableLinks.SharedIdentifier s : toStop(shared, identity.overrides(), settings, identity.read(IdentityGraph::rules), heldApart)) {
            Identifier id = new Identifier(s.type(), s.value());
            Optional<String> holder = identity.read(g -> g.lookup(id));
            if (holder.isPresent()) { // else erased since the run read the events: nothing to stop
                picked.add(new Stopped(new IdentityOverrides.LearnedUnlink(id, IdentityOverrides.SHARED_VALUE,
                        s.people() + " people whose first names and birth dates clearly disagree, in " + s.events() + " events", now),
                        holder.get(), s.people(), s.events(), null));
            }
        }
        if (picked.isEmpty()) {
            return List.of();
        }
        // withLearned leaves alone a value an operator allowed or unlinked since the overrides in force were read
        IdentityRebuild rebuild = overrides.submit(current -> {
            IdentityOverrides o = current;
            for (Stopped p : picked) {
                o = o.withLearned(p.rule());
            }
            return o;
        });
        List<Stopped> stopped = new ArrayList<>(picked.size());
        for (Stopped p : picked) {
            stopped.add(new Stopped(p.rule(), p.profileId(), p.people(), p.events(), rebuild.id()));
            // the type and the profile, never the value: it is personal data
            LOG.info("shared value stopped linking type={} profile={} people={} events={} rebuild={}", p.rule().identifier().type(), p.profileId(),
                    p.people(), p.events(), rebuild.id());
        }
        return List.copyOf(stopped);
    }

    /**
     * Raises the alert of each stopped value whose rule is now in force (a rebuild applied it; a rebuild clears the alerts
     * raised before it, so they are raised after), naming the profiles the value joined, now apart: those of its contested
     * links. Returns the values still waiting for their rebuild; one an operator allowed meanwhile is dropped.
     */
    List<Stopped> alertInForce(List<Stopped> pending, List<ProbableLinks.ContestedLink> contested) {
        if (pending.isEmpty()) {
            return pending;
        }
        IdentityOverrides inForce = identity.overrides();
        List<Stopped> waiting = new ArrayList<>();
        for (Stopped s : pending) {
            Identifier id = s.rule().identifier();
            if (inForce.isAllowed(id) || inForce.isUnlinked(id) && inForce.learnedFor(id).isEmpty()) {
                continue; // an operator decided before the rule was in force
            }
            if (inForce.learnedFor(id).isEmpty()) {
                waiting.add(s);
                continue;
            }
            java.util.SortedSet<String> apart = new java.util.TreeSet<>();
            for (ProbableLinks.ContestedLink c : contested) {
                if (c.identifierType().equals(id.type()) && c.identifierValue().equals(id.value())) {
                    apart.add(c.profileA());
                    apart.add(c.profileB());
                }
            }
            String profile = apart.isEmpty() ? s.profileId() : apart.first();
            long sequence = identity.read(IdentityGraph::lastSequence);
            identity.raise(new IdentityAlert(IdentityAlert.Kind.SHARED_VALUE_STOPPED, profile, sequence, id.type(),
                    id + " no longer links by itself (rule " + IdentityOverrides.SHARED_VALUE + ", rebuild " + s.rebuildId() + "): " + s.rule().reason()
                            + "; profile " + s.profileId() + " it joined is now profiles " + String.join(", ", apart)
                            + " (contested links). POST /api/v1/identity/shared-identifiers/unblock, or \"Link again\" on the identity page, lets it"
                            + " link again, and Kith does not stop it again"));
            LOG.info("shared value stopped linking in force type={} profiles={} rebuild={}", id.type(), apart, s.rebuildId());
        }
        return List.copyOf(waiting);
    }

    /** Whether a value is among those stopped. */
    static boolean among(List<Stopped> stopped, Identifier id) {
        return stopped.stream().map(s -> s.rule().identifier()).anyMatch(id::equals);
    }
}
