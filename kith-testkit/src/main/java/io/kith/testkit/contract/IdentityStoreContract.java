package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityStore;
import io.kith.identity.IdentityStore.StoredProfile;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdentityStore} must do; a store's test extends this and supplies a store over an empty database.
 */
public abstract class IdentityStoreContract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** An identity store over an empty store. */
    protected abstract IdentityStore newStore();

    /** The same store as the last {@link #newStore()}, opened again (as after a restart). */
    protected abstract IdentityStore reopen();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Identifier id(String type, String value) {
        return new Identifier(type, value);
    }

    /** A builder of one {@link StoredProfile}; every setter returns the builder. */
    private static final class ProfileBuilder {
        private final String id;
        private final List<ProfileIdentifier> identifiers = new ArrayList<>();
        private final Map<String, Trait> traits = new LinkedHashMap<>();
        private final Set<String> sources = new TreeSet<>();
        private final Set<String> brands = new TreeSet<>();
        private Instant firstSeen;
        private Instant lastSeen;
        private final Map<String, Long> eventsByType = new LinkedHashMap<>();
        private final List<String> mergedFrom = new ArrayList<>();
        private final List<Decision> decisions = new ArrayList<>();

        private ProfileBuilder(String id) {
            this.id = id;
        }

        /** An identifier linked at {@code seq}, first seen {@code seq} minutes after T0, with its Linked decision. */
        ProfileBuilder identifier(String type, String value, long seq) {
            identifiers.add(new ProfileIdentifier(type, value, T0.plusSeconds(60 * seq), seq));
            Identifier anchor = identifiers.size() == 1 ? null
                    : new Identifier(identifiers.get(0).type(), identifiers.get(0).value());
            decisions.add(new Decision.Linked(seq, new Identifier(type, value), anchor));
            return this;
        }

        /** An identifier with no first-seen time, which no store can hold: to make an apply fail part way. */
        ProfileBuilder identifierWithoutTime(String type, String value, long seq) {
            identifiers.add(new ProfileIdentifier(type, value, null, seq));
            return this;
        }

        ProfileBuilder trait(String name, String valueJson, String source, Instant at, int priority) {
            traits.put(name, new Trait(json(valueJson), source, at, priority));
            return this;
        }

        ProfileBuilder seenBy(String source, String brand) {
            sources.add(source);
            brands.add(brand);
            return this;
        }

        ProfileBuilder seen(Instant first, Instant last) {
            firstSeen = first;
            lastSeen = last;
            return this;
        }

        ProfileBuilder events(String type, long n) {
            eventsByType.merge(type, n, Long::sum);
            return this;
        }

        ProfileBuilder mergedFrom(String profileId) {
            mergedFrom.add(profileId);
            return this;
        }

        ProfileBuilder decision(Decision d) {
            decisions.add(d);
            return this;
        }

        StoredProfile build() {
            long total = eventsByType.values().stream().mapToLong(Long::longValue).sum();
            return new StoredProfile(new Profile(id, List.copyOf(identifiers), Map.copyOf(traits),
                    Collections.unmodifiableSet(new TreeSet<>(sources)), Collections.unmodifiableSet(new TreeSet<>(brands)),
                    firstSeen, lastSeen, total, Map.copyOf(eventsByType), List.copyOf(mergedFrom)), List.copyOf(decisions));
        }
    }

    private static ProfileBuilder profile(String id) {
        return new ProfileBuilder(id);
    }

    /** A profile with every kind of value: nested JSON, numbers of each width, odd text, a time to the nanosecond. */
    private static ProfileBuilder alice() {
        return profile("p_1")
                .identifier("email", "alice@example.com", 1)
                .identifier("phone", "+447700900001", 3)
                .identifier("loyalty_card", "tok\t\"odd\"\\value\nline", 7)
                .trait("first_name", "\"Alice\"", "src_pos", T0.plusSeconds(5), 0)
                .trait("address", "{\"city\":\"Leeds\",\"lines\":[\"1 Main St\",null],\"geo\":{\"lat\":53.8,\"lon\":-1.55}}",
                        "src_crm", T0.plusNanos(123_456_789), 10)
                .trait("lifetime_value", "1234.5", "src_pos", T0.plusSeconds(7), 0)
                .trait("visits", "42", "src_web", T0.plusSeconds(8), 3)
                .trait("big", "9007199254740993", "src_web", T0.plusSeconds(8), 3)
                .trait("huge", "123456789012345678901234567890", "src_web", T0.plusSeconds(8), 3)
                .trait("opted_in", "true", "src_web", T0.plusSeconds(9), 3)
                .trait("nickname", "null", "src_web", T0.plusSeconds(9), -1)
                .trait("notes", "\"tab\\there, newline\\nthere, back\\\\slash, ünïcödé 🙂\"", "src_crm", T0.plusMillis(9_001), 10)
                .seenBy("src_pos", "Northwind").seenBy("src_web", "Northwind").seenBy("src_crm", "Southwind")
                .seen(T0.plusMillis(1), T0.plusMillis(86_400_123))
                .events("identify", 2).events("track", 5).events("page", 1)
                .decision(new Decision.Refused(9, id("email", "shared@example.com"), io.kith.identity.RefusalRule.BLOCKED_VALUE, "blocked value"));
    }

    private static ProfileBuilder bob() {
        return profile("p_2")
                .identifier("email", "bob@example.com", 2)
                .trait("first_name", "\"Bob\"", "src_web", T0.plusSeconds(2), 0)
                .seenBy("src_web", "Northwind")
                .seen(T0.plusSeconds(2), T0.plusSeconds(2))
                .events("identify", 1);
    }

    /** A profile of identifiers only: no events, traits, sources or times. */
    private static ProfileBuilder carol() {
        return profile("p_3").identifier("customer_id", "C-3", 4);
    }

    @Test
    void anEmptyStoreHasNoProfilesAndPositionZero() {
        IdentityStore s = newStore();
        assertThat(s.appliedSequence()).isZero();
        assertThat(s.count()).isZero();
        assertThat(s.profile("p_1")).isEmpty();
        assertThat(s.lookup(id("email", "alice@example.com"))).isEmpty();
    }

    /**
     * A store may keep each identifier's own linked decision with the identifier; whatever the log holds — linked
     * decisions for identifiers the profile no longer has, at another sequence than the identifier's, twice for one
     * identifier, in any order among merges and refusals — it reads back exactly.
     */
    @Test
    void anyDecisionLogReadsBackExactly() {
        IdentityStore s = newStore();
        StoredProfile odd = profile("p_7").identifier("email", "odd@example.com", 4).identifier("user_id", "u-7", 2)
                .decision(new Decision.Refused(3, id("email", "other@example.com"), io.kith.identity.RefusalRule.LIMIT, "limit of 5 email per profile would be exceeded (6)"))
                .decision(new Decision.Linked(5, id("phone", "+447700900123"), id("email", "odd@example.com")))
                .decision(new Decision.Linked(9, id("user_id", "u-7"), null))
                .decision(new Decision.Linked(4, id("email", "odd@example.com"), id("user_id", "u-7")))
                .decision(new Decision.Merged(1, "p_3", id("user_id", "u-7"), null))
                .events("identify", 1).build();
        StoredProfile bare = profile("p_8").decision(new Decision.Linked(1, id("email", "gone@example.com"), null)).events("track", 1).build();
        s.apply(List.of(odd, bare), Map.of(), 10);
        assertThat(s.profile("p_7")).contains(odd);
        assertThat(s.profile("p_7").orElseThrow().decisions()).containsExactlyElementsOf(odd.decisions());
        assertThat(s.profile("p_8")).contains(bare);
    }

    @Test
    void appliedProfilesReadBackExactlyAndTheirIdentifiersLookThemUp() {
        IdentityStore s = newStore();
        StoredProfile a = alice().build();
        StoredProfile b = bob().build();
        StoredProfile c = carol().build();
        s.apply(List.of(a, b, c), Map.of(), 10);
        assertThat(s.appliedSequence()).isEqualTo(10);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.profile("p_1")).contains(a);
        assertThat(s.profile("p_2")).contains(b);
        assertThat(s.profile("p_3")).contains(c);
        assertThat(s.profile("p_1").orElseThrow().decisions()).isEqualTo(a.decisions());
        assertThat(s.profile("p_9")).isEmpty();
        assertThat(s.lookup(id("email", "alice@example.com"))).contains("p_1");
        assertThat(s.lookup(id("loyalty_card", "tok\t\"odd\"\\value\nline"))).contains("p_1");
        assertThat(s.lookup(id("email", "bob@example.com"))).contains("p_2");
        assertThat(s.lookup(id("customer_id", "C-3"))).contains("p_3");
        assertThat(s.lookup(id("email", "ALICE@example.com"))).isEmpty();
        assertThat(s.lookup(id("phone", "alice@example.com"))).isEmpty();
    }

    @Test
    void anApplyReplacesTheRowsOfChangedProfilesAndLeavesTheOthers() {
        IdentityStore s = newStore();
        StoredProfile c = carol().build();
        s.apply(List.of(alice().build(), c), Map.of(), 10);
        StoredProfile fewer = profile("p_1")
                .identifier("email", "alice@example.com", 1)
                .identifier("email", "alice@work.example", 11)
                .trait("first_name", "\"Alicia\"", "src_crm", T0.plusSeconds(11), 10)
                .seenBy("src_crm", "Southwind")
                .seen(T0, T0.plusSeconds(11))
                .events("identify", 3)
                .build();
        s.apply(List.of(fewer), Map.of(), 12);
        assertThat(s.appliedSequence()).isEqualTo(12);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.profile("p_1")).contains(fewer);
        assertThat(s.profile("p_3")).contains(c);
        assertThat(s.lookup(id("phone", "+447700900001"))).isEmpty();
        assertThat(s.lookup(id("email", "alice@work.example"))).contains("p_1");
        assertThat(s.lookup(id("email", "alice@example.com"))).contains("p_1");
    }

    @Test
    void aMergedAwayProfileAnswersItsSurvivorAndSoDoItsIdentifiers() {
        IdentityStore s = newStore();
        StoredProfile c = carol().build();
        s.apply(List.of(alice().build(), bob().build(), c), Map.of(), 10);

        StoredProfile merged = alice()
                .identifier("email", "bob@example.com", 2)
                .mergedFrom("p_2")
                .decision(new Decision.Merged(11, "p_2", id("email", "bob@example.com"), id("email", "alice@example.com")))
                .build();
        s.apply(List.of(merged), Map.of("p_2", "p_1"), 12);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.profile("p_2")).contains(merged);
        assertThat(s.profile("p_1")).contains(merged);
        assertThat(s.lookup(id("email", "bob@example.com"))).contains("p_1");

        // p_1 (and with it p_2, merged into it before) now merges into p_3.
        StoredProfile all = carol()
                .identifier("email", "alice@example.com", 1)
                .identifier("email", "bob@example.com", 2)
                .mergedFrom("p_1").mergedFrom("p_2")
                .decision(new Decision.Merged(13, "p_1", id("email", "alice@example.com"), id("customer_id", "C-3")))
                .build();
        s.apply(List.of(all), Map.of("p_1", "p_3"), 14);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.profile("p_1")).contains(all);
        assertThat(s.profile("p_2")).as("an id merged away before follows its survivor").contains(all);
        assertThat(s.profile("p_3")).contains(all);
        assertThat(s.lookup(id("email", "bob@example.com"))).contains("p_3");
        assertThat(s.lookup(id("phone", "+447700900001"))).isEmpty();
    }

    @Test
    void mergesWithinOneApplyFollowEachOther() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build(), bob().build(), carol().build()), Map.of(), 10);
        StoredProfile all = carol().identifier("email", "bob@example.com", 2).mergedFrom("p_1").mergedFrom("p_2").build();
        s.apply(List.of(all), Map.of("p_2", "p_1", "p_1", "p_3"), 11);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.profile("p_1")).contains(all);
        assertThat(s.profile("p_2")).contains(all);
    }

    @Test
    void aStalePositionIsRefusedAndChangesNothing() {
        IdentityStore s = newStore();
        StoredProfile a = alice().build();
        s.apply(List.of(a), Map.of(), 10);
        for (long stale : new long[] {9, 0}) {
            assertThatThrownBy(() -> s.apply(List.of(bob().build()), Map.of("p_1", "p_2"), stale))
                    .isInstanceOf(KithException.class)
                    .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        }
        assertThat(s.appliedSequence()).isEqualTo(10);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.profile("p_1")).contains(a);
        assertThat(s.profile("p_2")).isEmpty();
        assertThat(s.lookup(id("email", "bob@example.com"))).isEmpty();
    }

    @Test
    void anApplyThatFailsPartWayLeavesNothing() {
        IdentityStore s = newStore();
        StoredProfile a = alice().build();
        StoredProfile b = bob().build();
        s.apply(List.of(a, b), Map.of(), 10);
        // p_3's rows cannot be written (an identifier without its first-seen time), after p_2's were replaced.
        StoredProfile c = carol().identifierWithoutTime("email", "carol.two@example.com", 11).build();
        StoredProfile b2 = bob().trait("first_name", "\"Robert\"", "src_crm", T0.plusSeconds(11), 10).build();
        assertThatThrownBy(() -> s.apply(List.of(b2, c), Map.of(), 12)).isInstanceOf(KithException.class);
        assertThat(s.appliedSequence()).isEqualTo(10);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.profile("p_2")).contains(b);
        assertThat(s.profile("p_3")).isEmpty();
        assertThat(s.lookup(id("customer_id", "C-3"))).isEmpty();
        assertThat(s.lookup(id("email", "alice@example.com"))).contains("p_1");
        s.apply(List.of(b2), Map.of(), 12);
        assertThat(s.profile("p_2")).contains(b2);
    }

    @Test
    void aProfileCannotBeBothChangedAndMergedAway() {
        IdentityStore s = newStore();
        assertThatThrownBy(() -> s.apply(List.of(alice().build(), bob().build()), Map.of("p_2", "p_1"), 3))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(s.appliedSequence()).isZero();
        assertThat(s.count()).isZero();
    }

    @Test
    void anEmptyApplyAdvancesThePosition() {
        IdentityStore s = newStore();
        s.apply(List.of(), Map.of(), 5);
        assertThat(s.appliedSequence()).isEqualTo(5);
        assertThat(s.count()).isZero();
    }

    @Test
    void clearRemovesEveryRowAndResetsThePosition() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build(), bob().build()), Map.of(), 10);
        s.apply(List.of(alice().identifier("email", "bob@example.com", 2).mergedFrom("p_2").build()), Map.of("p_2", "p_1"), 11);
        s.clear();
        assertThat(s.appliedSequence()).isZero();
        assertThat(s.count()).isZero();
        assertThat(s.profile("p_1")).isEmpty();
        assertThat(s.profile("p_2")).isEmpty();
        assertThat(s.lookup(id("email", "alice@example.com"))).isEmpty();
        StoredProfile b = bob().build();
        s.apply(List.of(b), Map.of(), 1);
        assertThat(s.profile("p_2")).contains(b);
        assertThat(s.appliedSequence()).isEqualTo(1);
    }

    @Test
    void profilesAliasesAndPositionSurviveARestart() {
        IdentityStore s = newStore();
        StoredProfile c = carol().build();
        s.apply(List.of(alice().build(), bob().build(), c), Map.of(), 10);
        StoredProfile merged = alice().identifier("email", "bob@example.com", 2).mergedFrom("p_2").build();
        s.apply(List.of(merged), Map.of("p_2", "p_1"), 12);
        IdentityStore again = reopen();
        assertThat(again.appliedSequence()).isEqualTo(12);
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.profile("p_1")).contains(merged);
        assertThat(again.profile("p_2")).contains(merged);
        assertThat(again.profile("p_3")).contains(c);
        assertThat(again.lookup(id("email", "bob@example.com"))).contains("p_1");
        assertThatThrownBy(() -> again.apply(List.of(), Map.of(), 11))
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        again.apply(List.of(), Map.of("p_3", "p_1"), 13);
        assertThat(again.profile("p_3")).contains(merged);
    }

    @Test
    void theFirstStoreMayWrite() {
        IdentityStore s = newStore();
        assertThat(s.acquireWriter()).isTrue();
        assertThat(s.acquireWriter()).as("asking again keeps it").isTrue();
    }

    @Test
    void oneChangeMayBeWrittenInSeveralAppliesAtTheSamePosition() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build()), Map.of(), 10);
        s.apply(List.of(bob().build()), Map.of(), 10);
        assertThat(s.appliedSequence()).isEqualTo(10);
        assertThat(s.count()).isEqualTo(2);
    }

    private static IdentityStore.EventAssignments events(long[] sequences, String... profileIds) {
        return new IdentityStore.EventAssignments(sequences, profileIds);
    }

    @Test
    void eachEventBelongsToItsProfileThroughEveryMerge() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build(), bob().build(), carol().build()), Map.of(),
                events(new long[] {1, 2, 3, 5}, "p_1", "p_2", "p_3", "p_1"), 10);
        assertThat(s.profileOfEvent(2)).contains("p_2");
        assertThat(s.profileOfEvent(4)).as("an event without identifiers has no profile").isEmpty();
        assertThat(s.assignedEvents()).isEqualTo(4);

        // p_2 merges into p_1 (with a new event of p_1's), then p_1 into p_3: the old rows follow through the aliases.
        StoredProfile merged = alice().identifier("email", "bob@example.com", 2).mergedFrom("p_2").build();
        s.apply(List.of(merged), Map.of("p_2", "p_1"), events(new long[] {11}, "p_1"), 12);
        assertThat(s.profileOfEvent(2)).contains("p_1");
        assertThat(s.profileOfEvent(11)).contains("p_1");
        StoredProfile all = carol().identifier("email", "alice@example.com", 1).mergedFrom("p_1").mergedFrom("p_2").build();
        s.apply(List.of(all), Map.of("p_1", "p_3"), events(new long[] {13}, "p_3"), 14);
        for (long seq : new long[] {1, 2, 3, 5, 11, 13}) {
            assertThat(s.profileOfEvent(seq)).as("event %d", seq).contains("p_3");
        }
        assertThat(reopen().profileOfEvent(2)).contains("p_3");
    }

    @Test
    void clearingForgetsTheEventsToo() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build()), Map.of(), events(new long[] {1, 2}, "p_1", "p_1"), 10);
        s.clear();
        assertThat(s.assignedEvents()).isZero();
        assertThat(s.profileOfEvent(1)).isEmpty();
        s.apply(List.of(bob().build()), Map.of(), events(new long[] {1, 2}, "p_2", "p_2"), 10);
        assertThat(s.profileOfEvent(1)).contains("p_2");
    }

    @Test
    void aFailedApplyWritesNoEvents() {
        IdentityStore s = newStore();
        s.apply(List.of(alice().build()), Map.of(), events(new long[] {1}, "p_1"), 10);
        assertThatThrownBy(() -> s.apply(List.of(bob().build()), Map.of(), events(new long[] {11}, "p_2"), 9))
                .isInstanceOf(KithException.class);
        assertThat(s.profileOfEvent(11)).isEmpty();
        assertThat(s.assignedEvents()).isEqualTo(1);
    }
}
