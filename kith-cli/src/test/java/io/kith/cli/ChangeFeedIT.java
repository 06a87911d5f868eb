package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.feed.ProfileChange;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.testkit.Sources;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed as a subscriber sees it on a running Kith: profiles created, changed (with the traits said), merged
 * and, after a rebuild with an override, split; each change with the store sequence it reflects, in order, and only
 * for events the store has committed.
 */
class ChangeFeedIT {
    private RunningKith kith;
    private final List<ProfileChange> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        kith = new RunningKith();
        kith.app.identity().changes().subscribe(seen::addAll);
    }

    @AfterEach
    void stop() throws Exception {
        kith.close();
    }

    private void send(String path, String body) throws Exception {
        assertThat(kith.send(kith.post(path, body).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey()))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void createdChangedMergedThenSplitByAnOverride() throws Exception {
        send("/v1/identify", "{\"messageId\":\"f-1\",\"anonymousId\":\"cookie-1\",\"traits\":{\"email\":\"ada@example.com\",\"plan\":\"pro\"}}");
        send("/v1/identify", "{\"messageId\":\"f-2\",\"userId\":\"ada\"}");
        send("/v1/identify", "{\"messageId\":\"f-3\",\"userId\":\"ada\",\"anonymousId\":\"cookie-1\"}");
        kith.storedEvents();
        List<Long> committed = kith.storedEvents().stream().map(e -> e.sequence()).toList();
        assertThat(seen).allSatisfy(c -> assertThat(committed).contains(c.sequence()));
        assertThat(seen).extracting(ProfileChange::sequence).isSorted();
        List<ProfileChange.Created> created = seen.stream().filter(c -> c instanceof ProfileChange.Created).map(c -> (ProfileChange.Created) c).toList();
        assertThat(created).hasSize(2);
        assertThat(seen).filteredOn(c -> c instanceof ProfileChange.Changed).first()
                .satisfies(c -> assertThat(((ProfileChange.Changed) c).traits()).containsExactly("email", "plan"));
        ProfileChange.Merged merged = seen.stream().filter(c -> c instanceof ProfileChange.Merged).map(c -> (ProfileChange.Merged) c)
                .findFirst().orElseThrow();
        assertThat(merged.intoId()).isEqualTo(created.get(0).profileId());
        assertThat(merged.absorbedId()).isEqualTo(created.get(1).profileId());

        seen.clear();
        kith.app.identity().rebuild(kith.app.store().events(),
                new IdentityOverrides(List.of(), Set.of(new Identifier("anonymous_id", "cookie-1"))));
        assertThat(seen).last().isInstanceOfSatisfying(ProfileChange.Rebuilt.class, r -> assertThat(r.reason()).isEqualTo("overrides changed"));
        assertThat(seen).filteredOn(c -> c instanceof ProfileChange.Split).singleElement()
                .satisfies(c -> assertThat(((ProfileChange.Split) c).intoIds()).hasSize(2).contains(created.get(0).profileId()));
    }
}
