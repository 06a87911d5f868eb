package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.MessageKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageKeyFilterTest {
    @TempDir
    Path dir;

    @Property(tries = 200)
    void neverAnswersNoForAKeyItHolds(@ForAll @Size(max = 5_000) List<Long> keys) {
        MessageKeyFilter f = MessageKeyFilter.forKeys(keys.size() / 4); // also past its capacity
        keys.forEach(f::add);
        assertThat(keys).allMatch(f::mightContain);
    }

    @Test
    void answersMaybeForKeysItDoesNotHoldRarelyWhenFull() {
        MessageKeyFilter f = MessageKeyFilter.forKeys(1_000_000);
        long capacity = f.capacity();
        for (long i = 0; i < capacity; i++) {
            f.add(MessageKeys.of("src_web", "held-" + i));
        }
        int maybe = 0;
        int tries = 2_000_000;
        for (int i = 0; i < tries; i++) {
            if (f.mightContain(MessageKeys.of("src_web", "other-" + i))) {
                maybe++;
            }
        }
        // Measured 14 in 2 M at capacity (7e-6); double hashing within the block gave 1,209 (6e-4).
        assertThat(maybe).as("false positives in %,d", tries).isLessThan(20);
        assertThat(f.full()).isTrue();
    }

    @Test
    void comesBackFromItsFileOnlyWhole() throws IOException {
        MessageKeyFilter f = MessageKeyFilter.forKeys(10_000);
        SplittableRandom r = new SplittableRandom(7);
        long[] keys = r.longs(10_000).toArray();
        for (long k : keys) {
            f.add(k);
        }
        Path file = dir.resolve("kith.duckdb.keys");
        f.writeTo(file, 10_000, 12_345);
        MessageKeyFilter.Saved saved = MessageKeyFilter.readFrom(file).orElseThrow();
        assertThat(saved.rows()).isEqualTo(10_000);
        assertThat(saved.lastSequence()).isEqualTo(12_345);
        assertThat(saved.filter().count()).isEqualTo(10_000);
        for (long k : keys) {
            assertThat(saved.filter().mightContain(k)).isTrue();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertThat(MessageKeyFilter.readFrom(file)).as("a flipped bit").isEmpty();
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThat(MessageKeyFilter.readFrom(file)).as("cut short").isEmpty();
        Files.writeString(file, "not a filter");
        assertThat(MessageKeyFilter.readFrom(file)).isEmpty();
        assertThat(MessageKeyFilter.readFrom(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void staysWithinItsMaximum() {
        MessageKeyFilter f = MessageKeyFilter.forKeys(Long.MAX_VALUE / 64);
        assertThat(f.bytes()).isEqualTo(MessageKeyFilter.MAX_BYTES);
        assertThat(f.full()).isFalse();
    }
}
