package io.kith.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Writes everything one customer did, across every channel, and their ground-truth identifiers. */
final class PersonWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"};

    private final Person p;
    private final SplittableRandom r;
    private final DemoGenerator.Files5 out;
    private final TreeSet<String> truth = new TreeSet<>();
    private final String ip;
    private long events;
    private int seq;

    PersonWriter(Person p, SplittableRandom r, DemoGenerator.Files5 out, DemoSpec spec) {
        this.p = p;
        this.r = r;
        this.out = out;
        this.ip = "81." + (2 + r.nextInt(200)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** Writes the person's events and truth rows; returns how many events (rows) it wrote. */
    long write() throws IOException {
        if (p.userId() != null) {
            truth.add("user_id," + p.userId());
        }
        for (String brand : p.brands()) {
            switch (brand) {
                case DemoGenerator.NORTHWIND -> {
                    web("web-northwind.jsonl", "shop.northwind.example", 3 + r.nextInt(8));
                    if (p.appDevice() != null) {
                        app();
                    }
                    pos("pos-northwind.csv", "NW", 4, 1 + r.nextInt(5));
                }
                case DemoGenerator.FRESHMART -> {
                    web("web-freshmart.jsonl", "freshmart.example", 1 + r.nextInt(4));
                    pos("pos-freshmart.csv", "FM", 12, 2 + r.nextInt(8));
                }
                case DemoGenerator.NWMOBILE -> {
                    web("web-nwmobile.jsonl", "nwmobile.example", 1 + r.nextInt(3));
                    calls();
                }
                case DemoGenerator.BISTRO -> pos("pos-bistro.csv", "BI", 6, 1 + r.nextInt(3));
                default -> throw new IllegalStateException(brand);
            }
        }
        crm();
        out.truth(truth, p.id());
        return events;
    }

    private Instant when() {
        long span = Duration.between(p.activeFrom(), p.activeTo()).toSeconds();
        return p.activeFrom().plusSeconds(r.nextLong(Math.max(1, span))).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private String messageId() {
        return p.id() + "-" + (seq++) + "-" + DemoGenerator.hex(r, 6);
    }

    private ObjectNode base(String type, String anonymousId, String userId, Instant at, String host, String agent) {
        ObjectNode e = F.objectNode();
        e.put("type", type);
        e.put("messageId", messageId());
        e.put("anonymousId", anonymousId);
        if (userId != null) {
            e.put("userId", userId);
        }
        e.put("timestamp", at.toString());
        ObjectNode ctx = e.putObject("context");
        ctx.put("ip", ip);
        ctx.put("userAgent", agent);
        ctx.put("locale", "en-GB");
        if (host != null) {
            ctx.putObject("library").put("name", "analytics.js").put("version", "next-1.70.0");
            ctx.putObject("page").put("url", "https://" + host + "/").put("referrer", r.nextBoolean() ? "https://www.google.com/" : "");
        }
        return e;
    }

    /** Web sessions: anonymous browsing on one of the person's devices, a login for registered customers, carts, orders. */
    private void web(String file, String host, int sessions) {
        List<String> devices = new ArrayList<>(p.webDevices());
        if (p.householdDevice() != null) {
            devices.add(p.householdDevice());
        }
        boolean subscribed = false;
        for (int s = 0; s < sessions; s++) {
            String device = devices.get(r.nextInt(devices.size()));
            boolean shared = device.equals(p.householdDevice());
            if (!shared) {
                truth.add("anonymous_id," + device);
            }
            String agent = AGENTS[shared ? 3 : Math.abs(device.hashCode()) % 3];
            Instant t = when();
            boolean login = p.registered() && r.nextInt(100) < 55;
            String user = null;
            for (int v = 0, views = 1 + r.nextInt(5); v < views; v++) {
                ObjectNode page = base("page", device, user, t, host, agent);
                page.put("name", "Product");
                String cat = DemoGenerator.CATEGORIES[r.nextInt(DemoGenerator.CATEGORIES.length)];
                page.putObject("properties").put("path", "/p/" + r.nextInt(3000)).put("category", cat);
                emit(file, page);
                t = t.plusSeconds(20 + r.nextInt(200));
                ObjectNode viewed = base("track", device, user, t, host, agent);
                viewed.put("event", "Product Viewed");
                viewed.putObject("properties").put("product_id", "sku-" + r.nextInt(3000)).put("category", cat)
                        .put("price", (200 + r.nextInt(20000)) / 100.0).put("currency", "GBP");
                emit(file, viewed);
            }
            if (login) {
                user = p.userId();
                ObjectNode identify = base("identify", device, user, t, host, agent);
                ObjectNode traits = identify.putObject("traits").put("email", Messy.email(p.email(), r)).put("first_name", p.firstName());
                if (r.nextInt(3) == 0) {
                    traits.put("phone", Messy.phone(p.phoneDigits(), r));
                    truth.add("phone," + p.phoneE164());
                }
                truth.add("email," + p.email());
                emit(file, identify);
            }
            if (r.nextInt(100) < 45) {
                t = t.plusSeconds(30 + r.nextInt(300));
                String sku = "sku-" + r.nextInt(3000);
                double price = (500 + r.nextInt(15000)) / 100.0;
                ObjectNode added = base("track", device, user, t, host, agent);
                added.put("event", "Product Added");
                added.putObject("properties").put("product_id", sku).put("price", price).put("quantity", 1).put("cart_id", "c-" + messageId());
                emit(file, added);
                if (r.nextInt(100) < 55) {
                    t = t.plusSeconds(60 + r.nextInt(600));
                    ObjectNode checkout = base("track", device, user, t, host, agent);
                    checkout.put("event", "Checkout Started");
                    checkout.putObject("properties").put("value", price).put("currency", "GBP");
                    emit(file, checkout);
                    if (r.nextInt(100) < 65) {
                        if (user == null) {
                            // guest checkout: an email, sometimes a placeholder that must not link anyone
                            ObjectNode guest = base("identify", device, null, t, host, agent);
                            boolean placeholder = r.nextInt(200) == 0;
                            guest.putObject("traits").put("email", placeholder ? "test@test.com" : Messy.email(p.email(), r));
                            if (!placeholder) {
                                truth.add("email," + p.email());
                            }
                            emit(file, guest);
                        }
                        ObjectNode order = base("track", device, user, t.plusSeconds(90), host, agent);
                        order.put("event", "Order Completed");
                        ObjectNode props = order.putObject("properties").put("order_id", "W" + messageId()).put("revenue", price)
                                .put("currency", "GBP").put("channel", "web");
                        props.putArray("products").addObject().put("product_id", sku).put("price", price).put("quantity", 1);
                        emit(file, order);
                    }
                }
            }
            if (!subscribed && user != null && r.nextInt(100) < 25) {
                subscribed = true;
                ObjectNode sub = base("track", device, user, t.plusSeconds(5), host, agent);
                sub.put("event", "Newsletter Subscribed");
                sub.putObject("properties").put("list", "weekly");
                sub.with("context").putObject("consent").putObject("categoryPreferences").put("marketing", true).put("analytics", true);
                emit(file, sub);
                if (r.nextInt(3) == 0) {
                    ObjectNode unsub = base("track", device, user, p.activeTo().minusSeconds(3600), host, agent);
                    unsub.put("event", "Newsletter Unsubscribed");
                    unsub.putObject("properties").put("list", "weekly");
                    unsub.with("context").putObject("consent").putObject("categoryPreferences").put("marketing", false).put("analytics", true);
                    emit(file, unsub);
                }
            }
        }
    }

    private void app() {
        String device = p.appDevice();
        truth.add("device_id," + device);
        String anon = "app-" + device;
        truth.add("anonymous_id," + anon);
        for (int s = 0, sessions = 2 + r.nextInt(6); s < sessions; s++) {
            Instant t = when();
            String user = p.registered() && r.nextInt(100) < 80 ? p.userId() : null;
            for (int v = 0, screens = 1 + r.nextInt(4); v < screens; v++) {
                ObjectNode screen = base("screen", anon, user, t, null, "NorthwindApp/5.2 (iOS 17.5)");
                screen.put("name", r.nextBoolean() ? "Home" : "Product Detail");
                screen.with("context").putObject("device").put("id", device).put("manufacturer", "Apple").put("model", "iPhone15,2");
                screen.with("context").putObject("app").put("name", "Northwind").put("version", "5.2.0");
                screen.with("context").putObject("library").put("name", "analytics-ios").put("version", "1.6.0");
                emit("app-northwind.jsonl", screen);
                t = t.plusSeconds(15 + r.nextInt(120));
            }
            if (user != null && r.nextInt(4) == 0) {
                ObjectNode identify = base("identify", anon, user, t, null, "NorthwindApp/5.2 (iOS 17.5)");
                identify.putObject("traits").put("email", Messy.email(p.email(), r));
                identify.with("context").putObject("device").put("id", device);
                truth.add("email," + p.email());
                emit("app-northwind.jsonl", identify);
            }
        }
    }

    /** Store receipts: one CSV row per line, identified by loyalty card and/or phone (in any of its spellings). */
    private void pos(String file, String chain, int stores, int receipts) {
        if (p.loyaltyCard() == null && r.nextInt(100) < 60) {
            return; // an anonymous cash customer: nothing identifies them, so nothing is written
        }
        for (int k = 0; k < receipts; k++) {
            Instant t = when();
            String store = chain + "-" + (1 + r.nextInt(stores));
            String receipt = p.id().substring(1) + String.format("%03d", seq++);
            String card = p.loyaltyCard() != null && r.nextInt(100) < 85 ? p.loyaltyCard() : null;
            String phone = null;
            if (card == null || r.nextInt(100) < 20) {
                phone = r.nextInt(100) == 0 ? "0000000000" : Messy.phone(p.phoneDigits(), r);
            }
            if (card != null) {
                truth.add("loyalty_card," + card);
            }
            if (phone != null && !phone.equals("0000000000")) {
                truth.add("phone," + p.phoneE164());
            }
            if (card == null && (phone == null || phone.equals("0000000000"))) {
                phone = Messy.phone(p.phoneDigits(), r);
                truth.add("phone," + p.phoneE164());
            }
            truth.add("anonymous_id,receipt-" + store + "-" + receipt);
            int lines = 1 + r.nextInt(4);
            double[] prices = new double[lines];
            double total = 0;
            for (int l = 0; l < lines; l++) {
                prices[l] = (99 + r.nextInt(4900)) / 100.0;
                total += prices[l];
            }
            String totalText = String.format(Locale.ROOT, "%.2f", total);
            if (r.nextInt(400) == 0) {
                totalText = "N/A"; // a broken till export: the import reports and quarantines it
            }
            for (int l = 0; l < lines; l++) {
                out.row(file, store, 1 + r.nextInt(8), receipt, DemoGenerator.posTime(t), card, phone, "sku-" + r.nextInt(3000),
                        DemoGenerator.CATEGORIES[r.nextInt(DemoGenerator.CATEGORIES.length)], String.format(Locale.ROOT, "%.2f", prices[l]), 1, totalText);
                events++;
            }
        }
    }

    private void calls() {
        if (r.nextInt(100) >= 30) {
            return;
        }
        for (int c = 0, n = 1 + r.nextInt(3); c < n; c++) {
            Instant t = when();
            String contact = p.id().substring(1) + "-" + c;
            boolean byCrm = p.crmId() != null && r.nextBoolean();
            String phone = byCrm && r.nextBoolean() ? null : Messy.phone(p.phoneDigits(), r);
            if (phone != null) {
                truth.add("phone," + p.phoneE164());
            }
            if (byCrm) {
                truth.add("crm_id," + p.crmId());
            }
            truth.add("anonymous_id,contact-" + contact);
            out.row("callcentre.csv", contact, t.toString(), phone, byCrm ? p.crmId() : null,
                    new String[] {"phone", "chat", "email"}[r.nextInt(3)], DemoGenerator.REASONS[r.nextInt(DemoGenerator.REASONS.length)],
                    30 + r.nextInt(1800));
            events++;
        }
    }

    private void crm() {
        if (p.crmId() == null) {
            return;
        }
        truth.add("crm_id," + p.crmId());
        truth.add("anonymous_id,crm-" + p.crmId());
        String email = p.familyEmail() != null ? p.familyEmail() : p.email();
        if (p.familyEmail() == null) {
            truth.add("email," + p.email()); // the family email is the other person's: in their truth, not this one's
        }
        truth.add("phone," + p.phoneE164());
        if (p.loyaltyCard() != null) {
            truth.add("loyalty_card," + p.loyaltyCard());
        }
        boolean broken = r.nextInt(500) == 0;
        out.row("crm.csv", broken ? null : p.crmId(), p.userId(), Messy.typo(p.firstName(), r), Messy.typo(p.lastName(), r),
                Messy.email(email, r), Messy.phone(p.phoneDigits(), r), p.birthday(), p.street(), p.postcode(), p.loyaltyCard(),
                broken ? "last tuesday" : p.activeFrom().minus(Duration.ofDays(30)).toString());
        events++;
    }

    private void emit(String file, ObjectNode e) {
        out.event(file, e);
        events++;
    }
}
