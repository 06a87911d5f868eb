package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.error.ErrorCode;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.identity.Identifier;
import io.kith.privacy.ErasureReport;
import io.kith.privacy.PersonalData;
import io.kith.privacy.Regulation;
import io.kith.privacy.RegulationStatus;
import io.kith.privacy.RegulationType;
import io.kith.privacy.Regulations;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.store.Store;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every store's privacy ledger ({@link Regulations}) and erasure deletions ({@link PersonalData}) must do. */
public abstract class PrivacyStoreContract {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void aRegulationIsClaimedOnceCarriedOutAndKeepsItsRecordButNotItsSubjects() {
        try (Store store = newStore()) {
            Regulations ledger = store.regulations();
            Regulation first = ledger.create(RegulationType.SUPPRESS_WITH_DELETE, "email", List.of("ada@example.com"), "key:ops", T);
            Regulation second = ledger.create(RegulationType.DELETE_ONLY, "USER_ID", List.of("u-1", "u-2"), "key:ops", T.plusSeconds(1));
            assertThat(first.status()).isEqualTo(RegulationStatus.INITIALIZED);
            assertThat(first.subjectCount()).isEqualTo(1);
            assertThat(second.identifierType()).isEqualTo("user_id");
            assertThat(ledger.list(10)).extracting(Regulation::id).containsExactly(second.id(), first.id());

            Regulations.Claimed claimed = ledger.claim(T.plusSeconds(2), 1).get(0);
            assertThat(claimed.regulation().id()).isEqualTo(first.id());
            assertThat(claimed.regulation().status()).isEqualTo(RegulationStatus.RUNNING);
            assertThat(claimed.subjectIds()).containsExactly("ada@example.com");
            assertThat(ledger.claim(T.plusSeconds(3), 10)).extracting(c -> c.regulation().id()).as("the next waiting one").containsExactly(second.id());
            assertThat(ledger.claim(T.plusSeconds(4), 10)).as("both are taken").isEmpty();
            // A worker that stopped: after the lease another takes the requests over, oldest first.
            assertThat(ledger.claim(T.plus(java.time.Duration.ofHours(1)), 10)).extracting(c -> c.regulation().id())
                    .containsExactly(first.id(), second.id());

            ErasureReport report = new ErasureReport(1, 0, 2, 3, 40, 41, 1, 2, 9, 4, 1, 3, 1234, 1);
            ledger.finish(first.id(), report, T.plusSeconds(5));
            Regulation done = ledger.get(first.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(RegulationStatus.FINISHED);
            assertThat(done.report()).contains(report);
            assertThat(done.finishedAt()).contains(T.plusSeconds(5));
            ledger.fail(second.id(), "the DELETE_ONLY failed: KithException", T.plusSeconds(6));
            assertThat(ledger.get(second.id()).orElseThrow().failure()).contains("the DELETE_ONLY failed: KithException");
            assertThat(ledger.claim(T.plus(java.time.Duration.ofDays(1)), 10)).as("done ones are never taken again").isEmpty();
            assertThat(ledger.get("reg_unknown")).isEmpty();
        }
    }

    @Test
    void theSuppressionListAndTheErasedMessagesKeepOnlyWhatTheyAreGiven() {
        try (Store store = newStore()) {
            Regulations ledger = store.regulations();
            assertThat(ledger.suppress("reg_1", List.of("aa", "bb"))).isEqualTo(2);
            assertThat(ledger.suppress("reg_2", List.of("bb", "cc"))).as("bb was there").isEqualTo(1);
            assertThat(ledger.suppressed()).containsExactlyInAnyOrder("aa", "bb", "cc");
            assertThat(ledger.suppressedBy()).containsEntry("aa", "reg_1").containsEntry("bb", "reg_1").containsEntry("cc", "reg_2");
            // Lifting by one hash lifts what its request suppressed: bb came with reg_1, so aa goes too.
            assertThat(ledger.unsuppress(List.of("bb", "zz"))).isEqualTo(2);
            assertThat(ledger.suppressed()).containsExactlyInAnyOrder("cc");
            ledger.checkKey("fp-1");
            ledger.checkKey("fp-1");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.checkKey("fp-2")).isInstanceOf(io.kith.error.KithException.class)
                    .hasMessageContaining("KITH_PRIVACY_KEY");
            ledger.eraseMessages("reg_1", List.of("m1", "m2"));
            ledger.eraseMessages("reg_2", List.of("m2"));
            assertThat(ledger.erasedMessages()).containsExactlyInAnyOrder("m1", "m2");
            assertThat(ledger.sizes()).containsExactly(1L, 2L);
        }
    }

    @Test
    void aPurgeDeletesTheirEventsQuarantinedPayloadsValuesMembershipsAndBlanksStoredConfiguration() {
        try (Store store = newStore()) {
            StoredEvent theirs = new StoredEvent(0, Events.track("Order Completed").messageId("m-0").userId("ada-1")
                    .at(T).from(Sources.POS).event());
            StoredEvent other = new StoredEvent(1, Events.track("Order Completed").messageId("m-1").userId("bob-2")
                    .at(T).from(Sources.POS).event());
            QuarantinedEvent q1 = new QuarantinedEvent("q1", Sources.POS.id(), T, new Rejection(ErrorCode.INVALID_EVENT, "$", "bad"),
                    "{\"userId\":\"ADA-1\",\"event\":\"\"}");
            QuarantinedEvent q2 = new QuarantinedEvent("q2", Sources.POS.id(), T, new Rejection(ErrorCode.INVALID_EVENT, "$", "bad"),
                    "{\"userId\":\"bob-2\",\"event\":\"\"}");
            store.events().apply(List.of(theirs, other), List.of(q1, q2), 2);
            store.values().put(List.of(new Computed("p_ada", Namespace.LABEL, "lifecycle", JsonNodeFactory.instance.textNode("loyal"), 1, T),
                    new Computed("p_bob", Namespace.LABEL, "lifecycle", JsonNodeFactory.instance.textNode("new"), 1, T)));
            store.overrides().update(o -> o.withUnlinked(new Identifier("user_id", "ada-1")).withUnlinked(new Identifier("user_id", "bob-2"))
                    .withLearned(new io.kith.identity.IdentityOverrides.LearnedUnlink(new Identifier("email", "ada-1"),
                            io.kith.identity.IdentityOverrides.SHARED_VALUE, "2 people whose first names and birth dates clearly disagree, in 2 events", T))
                    .withLearned(new io.kith.identity.IdentityOverrides.LearnedUnlink(new Identifier("email", "ADA-1"),
                            io.kith.identity.IdentityOverrides.SHARED_VALUE, "2 people whose first names and birth dates clearly disagree, in 2 events", T))
                    .allowedToLink(new Identifier("phone", "ada-1")));

            PersonalData.Purged purged = store.personalData().purge(new PersonalData.Purge(new long[] {0}, Set.of("p_ada"), Set.of("ada-1")));

            assertThat(purged.events()).isEqualTo(1);
            assertThat(purged.quarantined()).as("matched without regard to case").isEqualTo(1);
            assertThat(purged.values()).isEqualTo(1);
            assertThat(purged.configurationVersions()).isEqualTo(1);
            assertThat(store.events().bySequence(0)).isEmpty();
            assertThat(store.events().bySequence(1)).isPresent();
            assertThat(store.quarantine().list(null, null, 10)).extracting(QuarantinedEvent::id).containsExactly("q2");
            assertThat(store.values().of("p_ada")).isEmpty();
            assertThat(store.values().of("p_bob")).hasSize(1);
            // a learned rule and an allowance are blanked like the rest: two learned values that were one person's become one
            assertThat(store.overrides().current().overrides().unlinked()).extracting(Identifier::value)
                    .containsExactlyInAnyOrder("[erased]", "[erased]", "bob-2");
            assertThat(store.overrides().current().overrides().learned()).extracting(l -> l.identifier().value()).containsExactly("[erased]");
            assertThat(store.overrides().current().overrides().allowed()).extracting(Identifier::value).containsExactly("[erased]");
            store.personalData().reclaim();
            assertThat(store.events().countEvents()).isEqualTo(1);
        }
    }

    @Test
    void theAuditLogKeepsApiAndConsoleEntriesNewestFirstUntilRetention() {
        try (Store store = newStore()) {
            io.kith.audit.AuditLog log = store.audit();
            log.append(List.of(new io.kith.audit.AuditEntry(T, "key:admin", "GET /api/v1/profiles/{id}", "p_1", "10.0.0.1", 200),
                    new io.kith.audit.AuditEntry(T.plusSeconds(20), "kith", "regulation DELETE_ONLY FINISHED", "reg_1", "", 0)));
            io.kith.audit.AuditEntry view = new io.kith.audit.AuditEntry(T.plusSeconds(10), "staff:mia", "console view", "p_2", "192.0.2.7", 0);
            log.append(List.of(view));
            assertThat(log.list(null, 10)).extracting(io.kith.audit.AuditEntry::actor).containsExactly("kith", "staff:mia", "key:admin");
            assertThat(log.list(null, 10).get(1)).isEqualTo(view);
            assertThat(log.list(T.plusSeconds(20), 10)).extracting(io.kith.audit.AuditEntry::target).containsExactly("p_2", "p_1");
            assertThat(log.list(T.plusSeconds(20), 1)).extracting(io.kith.audit.AuditEntry::target).containsExactly("p_2");
            assertThat(log.list(null, 1)).hasSize(1);
            assertThat(log.deleteBefore(T.plusSeconds(15))).isEqualTo(2);
            assertThat(log.list(null, 10)).extracting(io.kith.audit.AuditEntry::action).containsExactly("regulation DELETE_ONLY FINISHED");
        }
    }
}
