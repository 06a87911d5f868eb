package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.rudderstack.sdk.java.analytics.Callback;
import com.rudderstack.sdk.java.analytics.RudderAnalytics;
import com.rudderstack.sdk.java.analytics.messages.IdentifyMessage;
import com.rudderstack.sdk.java.analytics.messages.Message;
import com.rudderstack.sdk.java.analytics.messages.TrackMessage;
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

/** RudderStack's Java SDK (Basic auth, gzip on by default, /v1/batch) sends to Kith by changing only the host. */
class RudderStackClientIT {
    @Test
    void gzippedBatchesWithBasicAuthAreStored() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            CountDownLatch delivered = new CountDownLatch(3);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            RudderAnalytics analytics = RudderAnalytics.builder(Sources.APP.writeKey())
                    .setDataPlaneUrl(kith.url(""))
                    .flushQueueSize(3)
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
            analytics.enqueue(IdentifyMessage.builder().userId("r-1").traits(Map.of("phone", "07700 900123")));
            analytics.enqueue(TrackMessage.builder("Product Viewed").userId("r-1").properties(Map.of("sku", "A-1")));
            analytics.enqueue(TrackMessage.builder("Product Added").anonymousId("dev-9").properties(Map.of("sku", "A-1", "quantity", 2)));
            analytics.flush();
            assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
            analytics.shutdown();
            assertThat(failure.get()).isNull();

            List<Event> events = kith.storedEvents().stream().map(StoredEvent::event).toList();
            assertThat(events).extracting(Event::type).containsExactly(EventType.IDENTIFY, EventType.TRACK, EventType.TRACK);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.sourceId()).isEqualTo(Sources.APP.id());
                assertThat(e.brand()).isEqualTo(Sources.APP.brand());
            });
            assertThat(events.get(1).name()).isEqualTo("Product Viewed");
            assertThat(events.get(2).anonymousId()).isEqualTo("dev-9");
            assertThat(events.get(2).properties().get("quantity").asInt()).isEqualTo(2);
        }
    }
}
