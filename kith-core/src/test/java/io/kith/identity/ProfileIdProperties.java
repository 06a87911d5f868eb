package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Profile ids are stored and handed out: the way they are written must not change what they read. */
class ProfileIdProperties {
    @Property
    void anIdIsPAndTheSequenceInBase36(@ForAll long sequence) {
        assertThat(IdentityGraph.profileId(sequence)).isEqualTo("p_" + Long.toString(sequence, 36));
    }

    @Property
    void theSequenceIsReadBackFromTheId(@ForAll @LongRange(min = 0) long sequence) {
        assertThat(IdentityGraph.createdSequence(IdentityGraph.profileId(sequence))).isEqualTo(sequence);
    }
}
