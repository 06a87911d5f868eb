package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import io.kith.source.WriteKey;
import io.kith.testkit.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link SourceRegistry} must do; a store's test extends this and supplies a fresh registry. */
public abstract class SourceRegistryContract {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** A registry over an empty store, timing rotations with {@code clock}. */
    protected abstract SourceRegistry newRegistry(Clock clock);

    /** The same store as the last {@link #newRegistry}, opened again (as after a restart) with the same clock. */
    protected abstract SourceRegistry reopen();

    protected SourceRegistry newRegistry() {
        return newRegistry(Clock.systemUTC());
    }

    @Test
    void createsSourcesWithUniqueIdsAndUnguessableKeys() {
        SourceRegistry r = newRegistry();
        Source a = r.create(new NewSource("Web shop", "Northwind", SourceKind.WEB, "gb"));
        Source b = r.create(new NewSource("Web shop", "Northwind", SourceKind.WEB, null));
        assertThat(a.id()).isEqualTo("src_northwind_web_shop");
        assertThat(b.id()).isEqualTo("src_northwind_web_shop_2");
        assertThat(a.defaultRegion()).isEqualTo("GB");
        assertThat(a.writeKey()).startsWith("wk_").hasSize(35).isNotEqualTo(b.writeKey());
        assertThat(r.byWriteKey(a.writeKey())).contains(a);
        assertThat(r.byId(b.id())).contains(b);
        assertThat(r.byWriteKey("wk_nope")).isEmpty();
        assertThat(r.all()).containsExactly(a, b);
    }

    @Test
    void aServerSideWriteKeyIsShownOnceAndKeptOnlyAsADigest() {
        SourceRegistry r = newRegistry();
        Source pos = r.create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
        Source web = r.create(new NewSource("Web shop", "Northwind", SourceKind.WEB, "GB"));
        assertThat(pos.writeKey()).startsWith("wk_");
        Source stored = r.byId(pos.id()).orElseThrow();
        assertThat(stored.writeKey()).isEqualTo(WriteKey.digest(pos.writeKey())).doesNotContain(pos.writeKey());
        assertThat(stored.writeKeyShown()).isFalse();
        assertThat(r.byId(web.id()).orElseThrow().writeKeyShown()).as("a web page ships its key anyway").isTrue();
        assertThat(r.all()).extracting(Source::writeKey).doesNotContain(pos.writeKey()).contains(web.writeKey());
        assertThat(r.byWriteKey(pos.writeKey())).contains(stored);
        assertThat(r.byWriteKey(stored.writeKey())).as("the digest itself is no key").isEmpty();
        SourceRegistry again = reopen();
        assertThat(again.byWriteKey(pos.writeKey())).contains(stored);
        assertThat(again.all()).containsExactly(stored, web);
    }

    @Test
    void sourcesSurviveARestart() {
        SourceRegistry r = newRegistry();
        Source a = r.create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
        Source b = r.put(new Source("src_crm", "CRM", "Northwind", SourceKind.CRM, "GB", "wk_crm_fixed"));
        SourceRegistry again = reopen();
        assertThat(again.all()).containsExactlyInAnyOrder(a.stored(), b);
        assertThat(again.byWriteKey("wk_crm_fixed")).contains(b);
        assertThat(again.byWriteKey(a.writeKey())).contains(a.stored());
    }

    @Test
    void putIsIdempotentAndReplacesBySourceId() {
        SourceRegistry r = newRegistry();
        Source v1 = new Source("src_app", "App", "Northwind", SourceKind.MOBILE, "GB", "wk_app_1");
        r.put(v1);
        r.put(v1);
        Source v2 = new Source("src_app", "Mobile app", "Northwind", SourceKind.MOBILE, "GB", "wk_app_2");
        r.put(v2);
        assertThat(r.all()).containsExactly(v2);
        assertThat(r.byWriteKey("wk_app_1")).isEmpty();
        assertThat(r.byWriteKey("wk_app_2")).contains(v2);
    }

    @Test
    void aDeclaredServerSideSourceIsStoredByDigestAndDeclaringItAgainChangesNothing() {
        SourceRegistry r = newRegistry();
        Source declared = new Source("src_crm", "CRM", "Northwind", SourceKind.CRM, "GB", "wk_crm_declared");
        assertThat(r.put(declared)).isEqualTo(declared.stored());
        SourceRegistry again = reopen();
        assertThat(again.put(declared)).isEqualTo(declared.stored());
        assertThat(again.all()).containsExactly(declared.stored());
        assertThat(again.byWriteKey("wk_crm_declared")).contains(declared.stored());
    }

    @Test
    void aWriteKeyBelongsToOneSource() {
        SourceRegistry r = newRegistry();
        r.put(new Source("src_a", "A", "B", SourceKind.WEB, null, "wk_same"));
        assertThatThrownBy(() -> r.put(new Source("src_b", "B", "B", SourceKind.WEB, null, "wk_same")))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> r.put(new Source("src_c", "C", "B", SourceKind.POS, null, "wk_same")))
                .as("the same key, kept as a digest, is still the same key")
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void aRotatedKeyWorksUntilItsOverlapEndsThenIsRefused() {
        TestClock clock = new TestClock(T0);
        SourceRegistry r = newRegistry(clock);
        Source pos = r.create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
        SourceRegistry.Rotation rotation = r.rotate(pos.id(), Duration.ofHours(1));
        String newKey = rotation.source().writeKey();
        assertThat(newKey).startsWith("wk_").isNotEqualTo(pos.writeKey());
        assertThat(rotation.previousValidUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(r.byWriteKey(newKey)).contains(rotation.source().stored());
        assertThat(r.byId(pos.id())).contains(rotation.source().stored());
        clock.advance(Duration.ofMinutes(59));
        assertThat(r.byWriteKey(pos.writeKey())).as("within the overlap").contains(rotation.source().stored());
        SourceRegistry again = reopen();
        assertThat(again.byWriteKey(pos.writeKey())).as("the overlap survives a restart").isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(again.byWriteKey(pos.writeKey())).as("after the overlap").isEmpty();
        assertThat(again.byWriteKey(newKey)).isPresent();
    }

    @Test
    void aRotationWithoutOverlapRefusesTheOldKeyAtOnceAndANewRotationEndsTheLastOverlap() {
        TestClock clock = new TestClock(T0);
        SourceRegistry r = newRegistry(clock);
        Source web = r.create(new NewSource("Web shop", "Northwind", SourceKind.WEB, "GB"));
        String second = r.rotate(web.id(), Duration.ZERO).source().writeKey();
        assertThat(r.byWriteKey(web.writeKey())).isEmpty();
        String third = r.rotate(web.id(), SourceRegistry.DEFAULT_ROTATION_OVERLAP).source().writeKey();
        assertThat(r.byWriteKey(second)).isPresent();
        String fourth = r.rotate(web.id(), SourceRegistry.DEFAULT_ROTATION_OVERLAP).source().writeKey();
        assertThat(r.byWriteKey(second)).as("only the last replaced key overlaps").isEmpty();
        assertThat(r.byWriteKey(third)).isPresent();
        assertThat(r.byWriteKey(fourth)).isPresent();
        assertThat(r.byId(web.id()).orElseThrow().writeKey()).as("a web key may be shown").isEqualTo(fourth);
    }

    @Test
    void rotatingAnUnknownSourceIsNotFound() {
        SourceRegistry r = newRegistry();
        assertThatThrownBy(() -> r.rotate("src_nope", Duration.ZERO))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
