package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import org.junit.jupiter.api.Test;

/** What every {@link SourceRegistry} must do; a store's test extends this and supplies a fresh registry. */
public abstract class SourceRegistryContract {
    /** A registry over an empty store. */
    protected abstract SourceRegistry newRegistry();

    /** The same store as the last {@link #newRegistry()}, opened again (as after a restart). */
    protected abstract SourceRegistry reopen();

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
    void sourcesSurviveARestart() {
        SourceRegistry r = newRegistry();
        Source a = r.create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
        Source b = r.put(new Source("src_crm", "CRM", "Northwind", SourceKind.CRM, "GB", "wk_crm_fixed"));
        SourceRegistry again = reopen();
        assertThat(again.all()).containsExactlyInAnyOrder(a, b);
        assertThat(again.byWriteKey("wk_crm_fixed")).contains(b);
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
    void aWriteKeyBelongsToOneSource() {
        SourceRegistry r = newRegistry();
        r.put(new Source("src_a", "A", "B", SourceKind.WEB, null, "wk_same"));
        assertThatThrownBy(() -> r.put(new Source("src_b", "B", "B", SourceKind.WEB, null, "wk_same")))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    }
}
