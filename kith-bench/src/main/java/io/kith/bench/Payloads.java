package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic Segment batches for load tests: a mix of page, track and identify calls from analytics.js-like
 * clients, about 650-700 bytes per event, as web and app traffic looks on the wire.
 */
final class Payloads {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] EVENTS = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Products Searched"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"};

    private Payloads() {
    }

    /** {@code count} distinct batch bodies of {@code eventsPerBatch} events each, with the write key in the body. */
    static List<byte[]> batches(int count, int eventsPerBatch, String writeKey, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>(count);
        Instant base = Instant.parse("2026-11-01T09:00:00Z");
        long n = 0;
        for (int b = 0; b < count; b++) {
            ObjectNode body = MAPPER.createObjectNode();
            ArrayNode batch = body.putArray("batch");
            for (int e = 0; e < eventsPerBatch; e++, n++) {
                batch.add(event(random, base.plusSeconds(n), n));
            }
            body.put("sentAt", base.plusSeconds(n).toString());
            body.put("writeKey", writeKey);
            out.add(MAPPER.writeValueAsBytes(body));
        }
        return out;
    }

    private static ObjectNode event(SplittableRandom r, Instant at, long n) {
        ObjectNode e = MAPPER.createObjectNode();
        int kind = r.nextInt(10);
        String anon = "anon-" + Long.toHexString(r.nextLong(1L << 40));
        e.put("messageId", "bench-" + Long.toHexString(r.nextLong()) + "-" + n);
        e.put("anonymousId", anon);
        if (r.nextInt(3) == 0) {
            e.put("userId", "user-" + r.nextInt(1_000_000));
        }
        e.put("timestamp", at.toString());
        ObjectNode ctx = e.putObject("context");
        ctx.put("ip", "81.2." + r.nextInt(256) + "." + r.nextInt(256));
        ctx.put("userAgent", AGENTS[r.nextInt(AGENTS.length)]);
        ctx.put("locale", "en-GB");
        ctx.putObject("library").put("name", "analytics.js").put("version", "next-1.70.0");
        ObjectNode page = ctx.putObject("page");
        String path = "/p/" + r.nextInt(5000);
        page.put("path", path).put("url", "https://shop.example.com" + path).put("referrer", "https://www.google.com/")
                .put("title", "Product " + r.nextInt(5000));
        if (kind < 4) {
            e.put("type", "page");
            e.put("name", "Product");
            e.putObject("properties").put("path", path).put("category", "Shoes");
        } else if (kind < 9) {
            e.put("type", "track");
            e.put("event", EVENTS[r.nextInt(EVENTS.length)]);
            e.putObject("properties").put("product_id", "sku-" + r.nextInt(20000)).put("price", r.nextInt(20000) / 100.0)
                    .put("currency", "GBP").put("quantity", 1 + r.nextInt(3)).put("category", "Shoes");
        } else {
            e.put("type", "identify");
            e.put("userId", "user-" + r.nextInt(1_000_000));
            e.putObject("traits").put("email", "person" + r.nextInt(1_000_000) + "@example.com").put("first_name", "Alex");
        }
        return e;
    }
}
