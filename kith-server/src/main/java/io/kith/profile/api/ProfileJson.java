package io.kith.profile.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Timestamps;
import io.kith.identity.Decision;
import io.kith.identity.IdentityAlert;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.Identifier;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the profile API, as Jackson binds them. */
final class ProfileJson {
    private ProfileJson() {
    }

    /** An identifier: its type and normalised value. */
    record IdentifierView(String type, String value) {
        static IdentifierView of(Identifier i) {
            return i == null ? null : new IdentifierView(i.type(), i.value());
        }
    }

    /** The single customer view of one person, as {@code GET /api/v1/profiles/{id}} and the lookup answer it. */
    record ProfileView(String id, List<IdentifierSeen> identifiers, Map<String, TraitView> traits, List<String> sources, List<String> brands,
                       String firstSeen, String lastSeen, long eventCount, Map<String, Long> eventsByType, List<String> mergedFrom) {
        static ProfileView of(Profile p) {
            Map<String, TraitView> traits = new LinkedHashMap<>(p.traits().size() * 2);
            for (Map.Entry<String, Trait> t : p.traits().entrySet()) {
                traits.put(t.getKey(), TraitView.of(t.getValue()));
            }
            return new ProfileView(p.id(), p.identifiers().stream().map(IdentifierSeen::of).toList(), traits, List.copyOf(p.sources()),
                    List.copyOf(p.brands()), time(p.firstSeen()), time(p.lastSeen()), p.eventCount(), p.eventsByType(), p.mergedFrom());
        }
    }

    /** An identifier of a profile: when it was first seen, and the event that linked it. */
    record IdentifierSeen(String type, String value, String firstSeen, long linkedBySequence) {
        static IdentifierSeen of(ProfileIdentifier i) {
            return new IdentifierSeen(i.type(), i.value(), time(i.firstSeen()), i.linkedBySequence());
        }
    }

    /** A trait's value as it won the merge, with the source and time it came from. */
    record TraitView(JsonNode value, String source, String at) {
        static TraitView of(Trait t) {
            return new TraitView(t.value(), t.sourceId(), time(t.at()));
        }
    }

    /**
     * A page of a profile's timeline, newest first: each event as stored, with its {@code sequence}.
     *
     * @param next  the cursor of the next page ({@code before}), or null at the end
     * @param total the profile's events the caller may see (a key limited to brands: those of its brands)
     */
    record EventsPage(String profileId, List<ObjectNode> events, String next, long total) {
    }

    /** Why a profile is what it is: the decisions of identity resolution behind it. */
    record Explanation(String profileId, List<DecisionView> decisions) {
    }

    /** One decision of identity resolution, with the {@code messageId} of the event that caused it. */
    sealed interface DecisionView {
        static DecisionView of(Decision d, String messageId) {
            return of(d, messageId, io.kith.identity.IdentityOverrides.NONE);
        }

        /** With the overrides in force: a merge an operator's accepted probable link made names that decision. */
        static DecisionView of(Decision d, String messageId, io.kith.identity.IdentityOverrides overrides) {
            return switch (d) {
                case Decision.Linked l -> new Linked(l.sequence(), IdentifierView.of(l.identifier()), IdentifierView.of(l.anchor()), messageId);
                case Decision.Merged m -> new Merged(m.sequence(), m.absorbed(), IdentifierView.of(m.via()), IdentifierView.of(m.with()), messageId,
                        overrides.acceptedBetween(m.via(), m.with()).map(io.kith.identity.IdentityOverrides.MatchDecision::id).orElse(null));
                case Decision.Refused r -> new Refused(r.sequence(), IdentifierView.of(r.identifier()), r.rule().name(), r.reason(), messageId);
            };
        }
    }

    /** An identifier joined the profile, {@code with} one it already held (absent for the profile's first). */
    @JsonPropertyOrder({"sequence", "kind"})
    record Linked(long sequence, IdentifierView identifier, @JsonInclude(JsonInclude.Include.NON_NULL) IdentifierView with, String messageId)
            implements DecisionView {
        @JsonProperty
        public String kind() {
            return "linked";
        }
    }

    /**
     * Another profile was merged into this one, {@code via} an identifier both held; {@code acceptedMatch}: the id of the
     * operator's accepted probable link that joined them (absent for a merge an event made).
     */
    @JsonPropertyOrder({"sequence", "kind"})
    record Merged(long sequence, String absorbed, @JsonInclude(JsonInclude.Include.NON_NULL) IdentifierView via,
                  @JsonInclude(JsonInclude.Include.NON_NULL) IdentifierView with, String messageId,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String acceptedMatch) implements DecisionView {
        @JsonProperty
        public String kind() {
            return "merged";
        }
    }

    /** An identifier was kept off the profile, and why. */
    @JsonPropertyOrder({"sequence", "kind"})
    record Refused(long sequence, IdentifierView identifier, String rule, String reason, String messageId) implements DecisionView {
        @JsonProperty
        public String kind() {
            return "refused";
        }
    }

    /**
     * The alerts of identity resolution, newest first.
     *
     * @param counts by kind, since the last rebuild; null for a key limited to brands (counts over every brand would tell it about the others)
     */
    record Alerts(Map<String, Long> counts, List<AlertView> recent) {
    }

    record AlertView(String kind, String profileId, long sequence, String identifierType, String detail) {
        static AlertView of(IdentityAlert a) {
            return new AlertView(a.kind().name(), a.profileId(), a.sequence(), a.identifierType(), a.detail());
        }
    }

    /**
     * The identity overrides: pairs declared distinct, identifiers unlinked, which of those Kith learned itself (a shared
     * value: author, reason, when), and the values an operator let link again (Kith does not stop them).
     */
    record OverridesView(List<List<IdentifierView>> distinct, List<IdentifierView> unlinked, List<LearnedView> learned, List<IdentifierView> allowed) {
        static OverridesView of(IdentityOverrides o) {
            return new OverridesView(o.distinct().stream().map(p -> List.of(IdentifierView.of(p.a()), IdentifierView.of(p.b()))).toList(),
                    o.unlinked().stream().sorted().map(IdentifierView::of).toList(),
                    o.learned().stream().map(l -> new LearnedView(IdentifierView.of(l.identifier()), l.author(), l.reason(), l.learnedAt().toString()))
                            .toList(),
                    o.allowed().stream().sorted().map(IdentifierView::of).toList());
        }
    }

    /** An {@code unlink} Kith wrote itself. */
    record LearnedView(IdentifierView identifier, String author, String reason, String learnedAt) {
    }

    /** {@code POST /api/v1/identity/overrides}: either {@code distinct} (two identifiers) or {@code unlink} (one). */
    record OverrideBody(List<IdentifierView> distinct, IdentifierView unlink) {
    }

    /** A rebuild of identity with new overrides: {@code status} is queued, running, done or failed. */
    record RebuildView(String id, String status, long overridesVersion, Long eventsReplayed, String startedAt, String finishedAt, String error) {
        static RebuildView of(IdentityRebuild r) {
            return new RebuildView(r.id(), r.status().wire(), r.overridesVersion(), r.eventsReplayed(), time(r.startedAt()), time(r.finishedAt()),
                    r.error());
        }
    }

    private static String time(Instant t) {
        return t == null ? null : Timestamps.format(t);
    }
}
