package io.kith.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which profiles a change alters: what every consumer of the feed reads again. */
class ProfileChangeTest {
    @Test
    void eachChangeNamesTheProfilesItAlters() {
        assertThat(new ProfileChange.Created("p_1", 1).profiles()).containsExactly("p_1");
        assertThat(new ProfileChange.Changed("p_1", 2, List.of("email")).profiles()).containsExactly("p_1");
        assertThat(new ProfileChange.Merged("p_2", "p_1", 3).profiles()).containsExactly("p_1", "p_2");
        assertThat(new ProfileChange.Split("p_1", List.of("p_1", "p_3"), 4).profiles()).containsExactly("p_1", "p_1", "p_3");
        assertThat(new ProfileChange.Rebuilt(5, "overrides").profiles()).as("a rebuild alters every profile: consumers read all").isEmpty();
    }
}
