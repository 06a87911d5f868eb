package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyRegistry} must do; a store's test extends this. */
public abstract class ApiKeyRegistryContract {
    protected abstract ApiKeyRegistry newRegistry();

    protected abstract ApiKeyRegistry reopen();

    @Test
    void aSecretAuthenticatesItsKeyAndIsNotStored() {
        ApiKeyRegistry r = newRegistry();
        ApiKeyRegistry.Created desk = r.create("service desk", Set.of(Scope.PROFILES_READ));
        ApiKeyRegistry.Created ops = r.create("identity ops", Set.of(Scope.PROFILES_READ, Scope.IDENTITY_WRITE));
        assertThat(desk.secret()).startsWith("kk_").hasSize(43);
        assertThat(r.authenticate(desk.secret())).contains(desk.key());
        assertThat(r.authenticate(ops.secret()).orElseThrow().scopes()).containsExactlyInAnyOrder(Scope.PROFILES_READ, Scope.IDENTITY_WRITE);
        assertThat(r.authenticate("kk_wrong")).isEmpty();
        ApiKeyRegistry again = reopen();
        assertThat(again.authenticate(desk.secret())).contains(desk.key());
        assertThat(again.all()).extracting(k -> k.name()).containsExactlyInAnyOrder("service desk", "identity ops");
    }

    @Test
    void aKeyCopiedByItsHashAuthenticatesWithTheSameSecret() {
        ApiKeyRegistry r = newRegistry();
        ApiKeyRegistry.Created desk = r.create("service desk", Set.of(Scope.PROFILES_READ));
        ApiKeyRegistry.Hashed hashed = r.hashed().get(0);
        assertThat(hashed.key()).isEqualTo(desk.key());
        assertThat(hashed.secretHash()).isEqualTo(ApiKeyRegistry.hash(desk.secret())).doesNotContain(desk.secret());
        ApiKey copied = new ApiKey("key_copied", "copied desk", Set.of(Scope.PROFILES_READ), desk.key().createdAt());
        r.restore(new ApiKeyRegistry.Hashed(copied, ApiKeyRegistry.hash("kk_copied_secret")));
        assertThat(reopen().authenticate("kk_copied_secret")).contains(copied);
    }
}
