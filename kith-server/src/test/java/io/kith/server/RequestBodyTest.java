package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    private static final int MAX = 500_000;
    private final AtomicLong charged = new AtomicLong();
    private final BodyMeter meter = charged::addAndGet;

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    /** A gzip stream of {@code mebibytes} MiB of zeros in about 1 KB per MiB: one member repeated (members may be concatenated). */
    private static byte[] gzipOfZeros(int mebibytes) throws IOException {
        byte[] member = gzip(new byte[1 << 20]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < mebibytes; i++) {
            out.writeBytes(member);
        }
        return out.toByteArray();
    }

    private byte[] read(InputStream in, long declared, String encoding) {
        return RequestBody.read(in, declared, encoding, MAX, "a batch", meter);
    }

    private static ErrorCode codeOf(Throwable t) {
        return ((KithException) t).code();
    }

    @Test
    void aGzipBombIsCutAtTheLimitAfterReadingLittleMoreThanTheLimit() throws IOException {
        byte[] bomb = gzipOfZeros(256);
        assertThat(bomb.length).isLessThan(MAX);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(bomb), bomb.length, "gzip"))
                .isInstanceOfSatisfying(KithException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
                    assertThat(e.getMessage()).contains("limited to 500000 bytes").contains("decompressed");
                });
        assertThat(charged.get()).isEqualTo(MAX);
    }

    @Test
    void aChunkedBodyIsCountedAsItIsRead() {
        byte[] big = new byte[MAX + 1];
        assertThatThrownBy(() -> read(new ByteArrayInputStream(big), -1, null))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.BATCH_TOO_LARGE));
        byte[] fits = "x".repeat(MAX).getBytes(StandardCharsets.US_ASCII);
        assertThat(read(new ByteArrayInputStream(fits), -1, null)).isEqualTo(fits);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        assertThatThrownBy(() -> read(new ByteArrayInputStream(new byte[10]), MAX + 1L, "gzip"))
                .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.getMessage()).contains("compressed"));
        assertThat(charged.get()).isZero();
    }

    /** A gzip stream of empty stored deflate blocks, 5 bytes each: any length, decompressing to nothing. */
    private static byte[] emptyBlocks(int blocks) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        for (int i = 0; i < blocks; i++) {
            gz.writeBytes(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff});
        }
        gz.writeBytes(new byte[] {1, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});
        return gz.toByteArray();
    }

    @Test
    void compressedBytesAreBoundedEvenWhenTheyDecompressToNothing() {
        assertThat(read(new ByteArrayInputStream(emptyBlocks(100)), -1, "gzip")).isEmpty();
        assertThatThrownBy(() -> read(new ByteArrayInputStream(emptyBlocks(MAX / 5 + 10)), -1, "gzip"))
                .isInstanceOfSatisfying(KithException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
                    assertThat(e.getMessage()).contains("compressed");
                });
    }

    @Test
    void gzipAndIdentityEncodingsAreReadAndOthersAreUnsupported() throws IOException {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(read(new ByteArrayInputStream(gzip(json)), -1, "gzip")).isEqualTo(json);
        assertThat(read(new ByteArrayInputStream(gzip(json)), -1, "X-Gzip")).isEqualTo(json);
        assertThat(read(new ByteArrayInputStream(gzip(json)), -1, "identity, gzip")).isEqualTo(json);
        assertThat(read(new ByteArrayInputStream(json), json.length, "identity")).isEqualTo(json);
        for (String unknown : new String[] {"br", "deflate", "gzip, gzip", "zstd"}) {
            assertThatThrownBy(() -> read(new ByteArrayInputStream(json), json.length, unknown)).as(unknown)
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNSUPPORTED_ENCODING));
        }
    }

    @Test
    void brokenOrTruncatedGzipIsTheClientsMistake() throws IOException {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(json), json.length, "gzip"))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_ENCODING));
        byte[] whole = gzip("x".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(truncated), truncated.length, "gzip"))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_ENCODING));
    }

    @Test
    void theMeterCanStopTheRead() {
        BodyMeter full = bytes -> {
            throw new KithException(ErrorCode.OVERLOADED, "full");
        };
        assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(new byte[100]), 100, null, MAX, "a batch", full))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OVERLOADED));
    }
}
