package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.server.RetryLater;
import io.kith.testkit.Sources;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aSourceMaySendItsBurstThenItsRateAndIsToldWhenToRetry() {
        RateLimiter limiter = new RateLimiter(new RateLimit(0.5, 3), now::get, 100);
        for (int i = 0; i < 3; i++) {
            limiter.admit(Sources.WEB_SHOP);
        }
        assertThatThrownBy(() -> limiter.admit(Sources.WEB_SHOP)).isInstanceOfSatisfying(RetryLater.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.retryAfterSeconds()).isEqualTo(2);
            assertThat(e.getMessage()).contains(Sources.WEB_SHOP.id()).doesNotContain(Sources.WEB_SHOP.writeKey());
        });
        limiter.admit(Sources.APP);
        now.addAndGet(SECOND);
        assertThatThrownBy(() -> limiter.admit(Sources.WEB_SHOP)).isInstanceOfSatisfying(RetryLater.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        now.addAndGet(SECOND);
        limiter.admit(Sources.WEB_SHOP);
    }

    @Test
    void refilledBucketsAreForgottenPastTheCap() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 10), now::get, 2);
        limiter.admit(Sources.WEB_SHOP);
        limiter.admit(Sources.APP);
        assertThat(limiter.buckets()).isEqualTo(2);
        now.addAndGet(SECOND);
        limiter.admit(Sources.POS);
        assertThat(limiter.buckets()).isEqualTo(1);
    }

    @Test
    void offAdmitsEverythingAndKeepsNoBuckets() {
        RateLimiter limiter = new RateLimiter(RateLimit.OFF, now::get, 100);
        for (int i = 0; i < 10_000; i++) {
            limiter.admit(Sources.WEB_SHOP);
        }
        assertThat(limiter.buckets()).isZero();
    }
}
