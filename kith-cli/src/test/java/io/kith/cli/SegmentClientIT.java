package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.kith.event.Event;
import io.kith.event.EventType;
import io.kith.event.StoredEvent;
import io.kith.testkit.Sources;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Segment's own Java library sends to Kith by changing only the host (it posts to /v1/import/, key in the body). */
class SegmentClientIT {
    @Test
    void everyCallOfTheSegmentJavaClientIsStored() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            CountDownLatch delivered = new CountDownLatch(6);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Analytics analytics = Analytics.builder(Sources.WEB_SHOP.writeKey())
                    .endpoint(kith.url(""))
                    .flushQueueSize(6)
                    .callback(new Callback() {
                        @Override
                        public void success(Message message) {
                            delivered.countDown();
                        }

                        @Override
                        public void failure(Message message, Throwable throwable) {
                            failure.set(throwable);
                            delivered.countDown();
                        }
                    })
                    .build();
            analytics.enqueue(IdentifyMessage.builder().userId("u-1").traits(Map.of("email", "ada@example.com", "name", "Ada")));
            analytics.enqueue(TrackMessage.builder("Order Completed").userId("u-1")
                    .properties(Map.of("order_id", "o-9", "revenue", 99.5, "currency", "GBP")));
            analytics.enqueue(PageMessage.builder("Home").anonymousId("anon-7"));
            analytics.enqueue(ScreenMessage.builder("Basket").userId("u-1"));
            analytics.enqueue(GroupMessage.builder("acme-ltd").userId("u-1").traits(Map.of("plan", "enterprise")));
            analytics.enqueue(AliasMessage.builder("anon-7").userId("u-1"));
            analytics.flush();
            assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
            analytics.shutdown();
            assertThat(failure.get()).isNull();

            List<Event> events = kith.storedEvents().stream().map(StoredEvent::event).toList();
            assertThat(events).extracting(Event::type).containsExactly(EventType.IDENTIFY, EventType.TRACK, EventType.PAGE,
                    EventType.SCREEN, EventType.GROUP, EventType.ALIAS);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.sourceId()).isEqualTo(Sources.WEB_SHOP.id());
                assertThat(e.brand()).isEqualTo(Sources.WEB_SHOP.brand());
                assertThat(e.messageId()).isNotBlank();
                assertThat(e.json().has("writeKey")).isFalse();
            });
            Event track = events.get(1);
            assertThat(track.name()).isEqualTo("Order Completed");
            assertThat(track.userId()).isEqualTo("u-1");
            assertThat(track.properties().get("revenue").asDouble()).isEqualTo(99.5);
            assertThat(track.context().path("library").path("name").asText()).isEqualTo("analytics-java");
            assertThat(events.get(0).traits().get("email").asText()).isEqualTo("ada@example.com");
            assertThat(events.get(2).anonymousId()).isEqualTo("anon-7");
            assertThat(events.get(4).groupId()).isEqualTo("acme-ltd");
            assertThat(events.get(5).previousId()).isEqualTo("anon-7");
        }
    }
}
