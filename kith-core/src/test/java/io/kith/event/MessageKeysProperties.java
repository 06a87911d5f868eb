package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;

/** A store may hand over the source id and messageId joined in one value; the key must not depend on which way it came. */
class MessageKeysProperties {
    @Property
    void theJoinedBytesGiveTheKeyOfTheTwoStrings(@ForAll String sourceId, @ForAll String messageId) {
        byte[] joined = (sourceId + (char) MessageKeys.SEPARATOR + messageId).getBytes(StandardCharsets.UTF_8);
        assertThat(MessageKeys.ofJoined(joined)).isEqualTo(MessageKeys.of(sourceId, messageId));
    }

    /** ASCII ids (the usual ones) are hashed from their chars without encoding them: the key must be that of their bytes. */
    @Property
    void asciiIdsGiveTheKeyOfTheirBytes(@ForAll @CharRange(from = 0, to = 0x7f) String sourceId,
                                        @ForAll @CharRange(from = 0, to = 0x7f) String messageId) {
        theJoinedBytesGiveTheKeyOfTheTwoStrings(sourceId, messageId);
    }

    @Property
    void differentMessageIdsOfOneSourceGetDifferentKeys(@ForAll String sourceId, @ForAll String a, @ForAll String b) {
        if (!a.equals(b)) {
            assertThat(MessageKeys.of(sourceId, a)).isNotEqualTo(MessageKeys.of(sourceId, b));
        }
    }
}
