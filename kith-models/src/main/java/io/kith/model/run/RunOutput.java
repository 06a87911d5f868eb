package io.kith.model.run;

import io.kith.label.LabelDefinition;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where one run writes: the profiles' values (namespace {@code MODEL}, every value carrying the run's version and start
 * time), only for profiles still live when it writes, and the label definitions over them.
 */
record RunOutput(ProfileValueStore values, Predicate<String> live, Consumer<LabelDefinition> labels, int version, Instant now) {
    /** A model value of this run. */
    Computed value(String profileId, String name, JsonNode value) {
        return new Computed(profileId, Namespace.MODEL, name, value, version, now);
    }

    /** Replaces every value of the name with these, leaving out the profiles no longer live. */
    void replaceAll(String name, List<Computed> list) {
        values.replaceAll(Namespace.MODEL, name, list.stream().filter(c -> live.test(c.profileId())).toList());
    }
}
