package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.RetryLater;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiskWatermarkTest {
    private static final long GIB = 1L << 30;
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong usable = new AtomicLong(10 * GIB);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();

    private DiskWatermark watermark(DiskFloor floor) {
        return new DiskWatermark(floor, () -> {
            reads.incrementAndGet();
            if (failing.get()) {
                throw new IOException("statfs failed");
            }
            return new DiskWatermark.Space(usable.get(), 100 * GIB);
        }, now::get, "test");
    }

    @Test
    void belowTheFloorEventsAreRefusedWithRetryAfterUntilSpaceIsFreed() {
        DiskWatermark w = watermark(DiskFloor.DEFAULT);
        w.check();
        usable.set(GIB - 1);
        now.addAndGet(1_000_000_000L);
        assertThatThrownBy(w::check).isInstanceOfSatisfying(RetryLater.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
            assertThat(e.retryAfterSeconds()).isEqualTo(60);
            assertThat(e.getMessage()).contains("disk").contains(Long.toString(GIB - 1)).contains(Long.toString(GIB));
        });
        usable.set(GIB);
        now.addAndGet(1_000_000_000L);
        w.check();
    }

    @Test
    void theDiskIsAskedAtMostOnceASecond() {
        DiskWatermark w = watermark(DiskFloor.DEFAULT);
        for (int i = 0; i < 1_000; i++) {
            w.check();
            now.addAndGet(1_000_000L);
        }
        assertThat(reads.get()).isEqualTo(1);
        now.addAndGet(1_000_000L);
        w.check();
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aPercentageFloorIsOfTheDisksSize() {
        DiskWatermark w = watermark(DiskFloor.parse("5%"));
        usable.set(5 * GIB);
        w.check();
        usable.set(5 * GIB - 1);
        now.addAndGet(2_000_000_000L);
        assertThatThrownBy(w::check).isInstanceOf(RetryLater.class);
    }

    @Test
    void aDiskThatCannotBeAskedIsTakenAsLastSeen() {
        DiskWatermark w = watermark(DiskFloor.DEFAULT);
        failing.set(true);
        assertThatCode(w::check).doesNotThrowAnyException();
        failing.set(false);
        usable.set(0);
        now.addAndGet(2_000_000_000L);
        assertThatThrownBy(w::check).isInstanceOf(RetryLater.class);
        failing.set(true);
        now.addAndGet(2_000_000_000L);
        assertThatThrownBy(w::check).isInstanceOf(RetryLater.class);
    }

    @Test
    void floorsParseSizesAndPercentages() {
        assertThat(DiskFloor.parse("1GiB")).isEqualTo(DiskFloor.DEFAULT);
        assertThat(DiskFloor.parse("1g")).isEqualTo(DiskFloor.DEFAULT);
        assertThat(DiskFloor.parse("512 MB").bytes()).isEqualTo(512L << 20);
        assertThat(DiskFloor.parse("1073741824")).isEqualTo(DiskFloor.DEFAULT);
        assertThat(DiskFloor.parse("0")).isEqualTo(DiskFloor.NONE);
        assertThat(DiskFloor.parse("2.5%").minUsable(1000)).isEqualTo(25);
        for (String bad : new String[] {"", "lots", "-1", "10ib", "120%", "1PB"}) {
            assertThatThrownBy(() -> DiskFloor.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        }
    }
}
