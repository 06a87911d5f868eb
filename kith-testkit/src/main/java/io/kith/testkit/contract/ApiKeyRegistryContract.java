package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Instant;
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
        ApiKey copied = new ApiKey("key_copied", "copied desk", Set.of(Scope.PROFILES_READ), Set.of("freshmart"), desk.key().createdAt(), null);
        r.restore(new ApiKeyRegistry.Hashed(copied, ApiKeyRegistry.hash("kk_copied_secret")));
        ApiKey gone = new ApiKey("key_gone", "revoked desk", Set.of(Scope.PROFILES_READ), Set.of(), desk.key().createdAt(),
                Instant.parse("2026-01-01T00:00:00Z"));
        r.restore(new ApiKeyRegistry.Hashed(gone, ApiKeyRegistry.hash("kk_gone_secret")));
        ApiKeyRegistry again = reopen();
        assertThat(again.authenticate("kk_copied_secret")).contains(copied);
        assertThat(again.authenticate("kk_gone_secret")).isEmpty();
        assertThat(again.all()).contains(gone);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndListedWithTheTimeItWasRevoked() {
        ApiKeyRegistry r = newRegistry();
        ApiKeyRegistry.Created desk = r.create("service desk", Set.of(Scope.PROFILES_READ));
        ApiKeyRegistry.Created other = r.create("other desk", Set.of(Scope.PROFILES_READ));
        ApiKey revoked = r.revoke(desk.key().id()).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.id()).isEqualTo(desk.key().id());
        assertThat(r.authenticate(desk.secret())).isEmpty();
        assertThat(r.authenticate(other.secret())).contains(other.key());
        assertThat(r.revoke(desk.key().id())).as("revoking again keeps the first time").contains(revoked);
        assertThat(r.revoke("key_nope")).isEmpty();
        ApiKeyRegistry again = reopen();
        assertThat(again.authenticate(desk.secret())).isEmpty();
        assertThat(again.all()).containsExactlyInAnyOrder(revoked, other.key());
    }

    @Test
    void aKeyKeepsTheBrandsItIsLimitedTo() {
        ApiKeyRegistry r = newRegistry();
        ApiKeyRegistry.Created desk = r.create("freshmart desk", Set.of(Scope.PROFILES_READ, Scope.ADMIN_READ), Set.of("freshmart", "northwind-mobile"));
        assertThat(desk.key().brands()).containsExactlyInAnyOrder("freshmart", "northwind-mobile");
        assertThat(reopen().authenticate(desk.secret())).contains(desk.key());
        assertThat(desk.key().brandScope().sees("freshmart")).isTrue();
        assertThat(desk.key().brandScope().sees("northwind")).isFalse();
    }

    @Test
    void aKeyLimitedToBrandsCannotCorrectIdentity() {
        ApiKeyRegistry r = newRegistry();
        assertThatThrownBy(() -> r.create("ops", Set.of(Scope.IDENTITY_WRITE), Set.of("freshmart")))
                .isInstanceOf(KithException.class)
                .hasMessageContaining("identity:write")
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(r.all()).isEmpty();
    }
}
