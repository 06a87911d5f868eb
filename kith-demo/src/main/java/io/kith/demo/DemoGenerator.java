package io.kith.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Writes a realistic, messy, multi-brand customer base: web and app behaviour as Segment JSON Lines, store
 * checkouts (POS), a CRM export and call-centre contacts as CSV with their import mappings, plus a ground-truth
 * file naming the true person behind every identifier, so identity resolution can be measured.
 *
 * <p>The group: Northwind (department store: web shop, app, stores), FreshMart (supermarket: online shop,
 * checkouts), NW Mobile (telecom: web, call centre), Bistro (restaurants: tills), and a group CRM.
 * Customers browse anonymously on several devices and log in later, buy in stores with a loyalty card or a
 * phone number, appear in the CRM with spelling variants, call customer service, subscribe to and leave the
 * newsletter, abandon carts, and churn. Households share a tablet, and some couples share the family email in the
 * CRM. Some rows are broken on purpose, and some carry placeholder values (phone 0000000000, email test@test.com) that
 * must never link people.
 *
 * <p>Deterministic: each customer's random stream is derived from the seed and the customer's number alone,
 * and customers are written in order, so the same seed gives byte-identical files, in constant memory.
 */
public final class DemoGenerator {
    static final String[] FIRST = {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya",
        "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theodore", "Jack", "Aisha", "Priya",
        "Wojciech", "Siobhan", "Dafydd", "Eilidh", "Chidi", "Mei", "Tomasz", "Fatima", "Niamh", "Kwame"};
    static final String[] LAST = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood", "Harris",
        "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Nowak", "O'Brien", "Okafor", "Chen", "Khan", "Murphy"};
    static final String[] DOMAINS = {"gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "hotmail.co.uk", "icloud.com"};
    static final String[] STREETS = {"High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road", "Park Avenue", "Mill Lane"};
    static final String[] POSTCODES = {"LS1", "LS6", "YO1", "M1", "M20", "B15", "BS8", "NE1", "EH3", "CF10", "SW9", "N16"};
    static final String[] REASONS = {"Bill query", "Roaming charges", "Upgrade", "Cancel contract", "Network coverage", "Lost phone", "Delivery",
        "Returns", "Broken item"};
    static final String[] CATEGORIES = {"Shoes", "Womenswear", "Menswear", "Home", "Beauty", "Electronics", "Toys", "Grocery"};

    static final String NORTHWIND = "northwind";
    static final String FRESHMART = "freshmart";
    static final String NWMOBILE = "nw-mobile";
    static final String BISTRO = "bistro";

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter POS_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(ZoneId.of("Europe/London"));

    private DemoGenerator() {
    }

    /** The group's sources: id, name, brand, kind, file it sends. */
    record DemoSource(String id, String name, String brand, String kind) {
        String writeKey() {
            return "wk_demo_" + id.substring(4);
        }
    }

    static final List<DemoSource> SOURCES = List.of(
            new DemoSource("src_northwind_web", "Northwind web shop", NORTHWIND, "web"),
            new DemoSource("src_northwind_app", "Northwind app", NORTHWIND, "mobile"),
            new DemoSource("src_northwind_pos", "Northwind stores", NORTHWIND, "pos"),
            new DemoSource("src_freshmart_web", "FreshMart online", FRESHMART, "web"),
            new DemoSource("src_freshmart_pos", "FreshMart checkouts", FRESHMART, "pos"),
            new DemoSource("src_nwmobile_web", "NW Mobile web", NWMOBILE, "web"),
            new DemoSource("src_nwmobile_callcentre", "NW Mobile call centre", NWMOBILE, "call_center"),
            new DemoSource("src_bistro_pos", "Bistro tills", BISTRO, "pos"),
            new DemoSource("src_group_crm", "Group CRM", NORTHWIND, "crm"));

    public static DemoManifest generate(DemoSpec spec, Path out) {
        try {
            Files.createDirectories(out);
            writeStatic(out);
            try (Files5 f = new Files5(out)) {
                long events = 0;
                Person previous = null;
                for (int i = 0; i < spec.customers(); i++) {
                    SplittableRandom r = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + i);
                    Person p = person(i, r, spec, previous);
                    events += new PersonWriter(p, r, f, spec).write();
                    previous = p;
                }
                return f.manifest(out, events, spec.customers());
            }
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write demo data to " + out + ": " + e.getMessage(), e);
        }
    }

    private static Person person(int i, SplittableRandom r, DemoSpec spec, Person previous) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        // every address carries the customer's number: two real people never share a mailbox
        String f = first.toLowerCase(Locale.ROOT);
        String l = last.toLowerCase(Locale.ROOT).replace("'", "");
        String local = switch (i % 3) {
            case 0 -> f + "." + l + i;
            case 1 -> f.charAt(0) + l + i;
            default -> f + "_" + i + "." + l;
        };
        String email = local + "@" + DOMAINS[r.nextInt(DOMAINS.length)];
        String phone = String.format("07%09d", 400_000_000L + i);
        boolean registered = r.nextInt(100) < 75;
        String userId = registered ? "u" + (100_000 + i) : null;
        String loyalty = r.nextInt(100) < 55 ? "LC" + (10_000_000 + i * 3L + 1) : null;
        String crm = (registered || loyalty != null) && r.nextInt(100) < 80 ? "CRM-" + (500_000 + i) : null;
        List<String> devices = new ArrayList<>();
        int nDevices = 1 + r.nextInt(3);
        for (int d = 0; d < nDevices; d++) {
            devices.add(hex(r, 16));
        }
        String app = r.nextInt(100) < 35 ? "dev-" + hex(r, 12) : null;
        boolean sameHousehold = previous != null && r.nextInt(8) == 0;
        String householdDevice = sameHousehold ? (previous.householdDevice() != null ? previous.householdDevice() : "tablet-" + previous.id())
                : (r.nextInt(6) == 0 ? "tablet-P" + String.format("%06d", i) : null);
        // Half of the people who live with the previous customer, when that customer has a CRM record, were registered in
        // the CRM with that customer's email: the family email another CRM record already holds (no draw from the
        // random source, so the rest of the data set is what it was without this case).
        String familyEmail = sameHousehold && i % 2 == 0 && previous.crmId() != null ? previous.email() : null;
        String postcode = sameHousehold ? previous.postcode() : POSTCODES[r.nextInt(POSTCODES.length)] + " " + (1 + r.nextInt(9)) + "AB";
        String street = sameHousehold ? previous.street() : (1 + r.nextInt(120)) + " " + STREETS[r.nextInt(STREETS.length)];
        long span = Duration.between(spec.from(), spec.to()).toSeconds();
        Instant from = spec.from().plusSeconds(r.nextLong(span / 3));
        boolean churned = r.nextInt(100) < 20;
        Instant to = churned ? from.plusSeconds(span / 6 + r.nextLong(span / 4)) : spec.to();
        List<String> brands = new ArrayList<>(List.of(NORTHWIND));
        if (r.nextInt(100) < 60) {
            brands.add(FRESHMART);
        }
        if (r.nextInt(100) < 45) {
            brands.add(NWMOBILE);
        }
        if (r.nextInt(100) < 35) {
            brands.add(BISTRO);
        }
        LocalDate birthday = LocalDate.of(1950 + r.nextInt(55), 1 + r.nextInt(12), 1 + r.nextInt(28));
        return new Person(String.format("P%06d", i), first, last, email, familyEmail, phone, userId, loyalty, crm, List.copyOf(devices), app,
                householdDevice, postcode, street, birthday, from, to, churned, List.copyOf(brands));
    }

    static String hex(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static void writeStatic(Path out) throws IOException {
        ObjectNode sources = MAPPER.createObjectNode();
        ArrayNode arr = sources.putArray("sources");
        for (DemoSource s : SOURCES) {
            arr.addObject().put("id", s.id()).put("name", s.name()).put("brand", s.brand()).put("kind", s.kind())
                    .put("defaultRegion", "GB").put("writeKey", s.writeKey());
        }
        Files.writeString(out.resolve("sources.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sources) + "\n");
        Files.writeString(out.resolve("pos.mapping.json"), """
                {
                  "description": "One row per receipt line; the lines of one receipt become one Order Completed with its products.",
                  "format": "csv",
                  "type": "track",
                  "event": "Order Completed",
                  "messageId": "pos-{store}-{receipt}",
                  "anonymousId": "receipt-{store}-{receipt}",
                  "timestamp": {"column": "sold_at", "type": "timestamp", "format": "dd/MM/yyyy HH:mm:ss", "zone": "Europe/London"},
                  "properties": {
                    "order_id": "{store}-{receipt}",
                    "store": "{store}",
                    "till": "{till}",
                    "revenue": {"column": "receipt_total", "type": "number", "required": true},
                    "currency": "GBP",
                    "channel": "store"
                  },
                  "traits": {"phone": "{phone}"},
                  "externalIds": [{"type": "loyalty_card", "id": "{loyalty_card}"}],
                  "groupBy": {
                    "key": "receipt",
                    "into": "products",
                    "item": {"sku": "{sku}", "category": "{category}",
                             "price": {"column": "unit_price", "type": "number"},
                             "quantity": {"column": "qty", "type": "integer"}}
                  }
                }
                """);
        Files.writeString(out.resolve("crm.mapping.json"), """
                {
                  "description": "The group CRM export: one customer record per row.",
                  "format": "csv",
                  "type": "identify",
                  "messageId": "crm-{crm_id}",
                  "userId": "{user_id}",
                  "anonymousId": "crm-{crm_id}",
                  "timestamp": {"column": "updated_at", "type": "timestamp"},
                  "traits": {
                    "first_name": "{first_name}", "last_name": "{last_name}", "email": "{email}", "phone": "{phone}",
                    "birthday": "{birthday}", "address": {"street": "{street}", "postal_code": "{postcode}", "country": "GB"}
                  },
                  "externalIds": [{"type": "crm_id", "id": "{crm_id}"}, {"type": "loyalty_card", "id": "{loyalty_card}"}]
                }
                """);
        Files.writeString(out.resolve("callcentre.mapping.json"), """
                {
                  "description": "Contacts logged by the NW Mobile call centre.",
                  "format": "csv",
                  "type": "track",
                  "event": "Support Contact",
                  "messageId": "cc-{contact_id}",
                  "anonymousId": "contact-{contact_id}",
                  "timestamp": {"column": "started_at", "type": "timestamp"},
                  "properties": {"channel": "{channel}", "reason": "{reason}",
                                 "duration_seconds": {"column": "duration_s", "type": "integer"}},
                  "traits": {"phone": "{phone}"},
                  "externalIds": [{"type": "crm_id", "id": "{crm_id}"}]
                }
                """);
    }

    /** The open output files of one generation, and their row counts. */
    static final class Files5 implements AutoCloseable {
        final Map<String, Writer> writers = new LinkedHashMap<>();
        final Map<String, long[]> rows = new LinkedHashMap<>();
        final Writer truth;
        private final Path out;

        Files5(Path out) throws IOException {
            this.out = out;
            truth = open("truth.csv");
            truth.write("type,value,person_id\n");
            csv("pos-northwind.csv", "store,till,receipt,sold_at,loyalty_card,phone,sku,category,unit_price,qty,receipt_total\n");
            csv("pos-freshmart.csv", "store,till,receipt,sold_at,loyalty_card,phone,sku,category,unit_price,qty,receipt_total\n");
            csv("pos-bistro.csv", "store,till,receipt,sold_at,loyalty_card,phone,sku,category,unit_price,qty,receipt_total\n");
            csv("crm.csv", "crm_id,user_id,first_name,last_name,email,phone,birthday,street,postcode,loyalty_card,updated_at\n");
            csv("callcentre.csv", "contact_id,started_at,phone,crm_id,channel,reason,duration_s\n");
            for (String f : List.of("web-northwind.jsonl", "app-northwind.jsonl", "web-freshmart.jsonl", "web-nwmobile.jsonl")) {
                writers.put(f, open(f));
                rows.put(f, new long[1]);
            }
        }

        private void csv(String name, String header) throws IOException {
            Writer w = open(name);
            w.write(header);
            writers.put(name, w);
            rows.put(name, new long[1]);
        }

        private Writer open(String name) throws IOException {
            return new BufferedWriter(Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8), 1 << 16);
        }

        void event(String file, ObjectNode e) {
            try {
                Writer w = writers.get(file);
                w.write(MAPPER.writeValueAsString(e));
                w.write('\n');
                rows.get(file)[0]++;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        void row(String file, Object... cells) {
            try {
                Writer w = writers.get(file);
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(cell(cells[i]));
                }
                w.write('\n');
                rows.get(file)[0]++;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        void truth(TreeSet<String> identifiers, String personId) throws IOException {
            for (String id : identifiers) {
                truth.write(id);
                truth.write(',');
                truth.write(personId);
                truth.write('\n');
            }
        }

        private static String cell(Object o) {
            if (o == null) {
                return "";
            }
            String s = o.toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.startsWith(" ") || s.endsWith(" ")) {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
            return s;
        }

        DemoManifest manifest(Path dir, long events, int customers) throws IOException {
            List<DemoManifest.DataFile> files = new ArrayList<>();
            files.add(new DemoManifest.DataFile("crm.csv", "src_group_crm", "crm.mapping.json", rows.get("crm.csv")[0]));
            files.add(new DemoManifest.DataFile("web-northwind.jsonl", "src_northwind_web", "segment", rows.get("web-northwind.jsonl")[0]));
            files.add(new DemoManifest.DataFile("app-northwind.jsonl", "src_northwind_app", "segment", rows.get("app-northwind.jsonl")[0]));
            files.add(new DemoManifest.DataFile("web-freshmart.jsonl", "src_freshmart_web", "segment", rows.get("web-freshmart.jsonl")[0]));
            files.add(new DemoManifest.DataFile("web-nwmobile.jsonl", "src_nwmobile_web", "segment", rows.get("web-nwmobile.jsonl")[0]));
            files.add(new DemoManifest.DataFile("pos-northwind.csv", "src_northwind_pos", "pos.mapping.json", rows.get("pos-northwind.csv")[0]));
            files.add(new DemoManifest.DataFile("pos-freshmart.csv", "src_freshmart_pos", "pos.mapping.json", rows.get("pos-freshmart.csv")[0]));
            files.add(new DemoManifest.DataFile("pos-bistro.csv", "src_bistro_pos", "pos.mapping.json", rows.get("pos-bistro.csv")[0]));
            files.add(new DemoManifest.DataFile("callcentre.csv", "src_nwmobile_callcentre", "callcentre.mapping.json", rows.get("callcentre.csv")[0]));
            ObjectNode m = MAPPER.createObjectNode();
            m.put("customers", customers);
            m.put("events", events);
            m.put("sources", "sources.json");
            m.put("truth", "truth.csv");
            ArrayNode arr = m.putArray("files");
            for (DemoManifest.DataFile f : files) {
                arr.addObject().put("file", f.file()).put("source", f.sourceId()).put("mapping", f.mapping()).put("rows", f.rows());
            }
            Files.writeString(dir.resolve("manifest.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
            return new DemoManifest(dir, dir.resolve("sources.json"), List.copyOf(files), dir.resolve("truth.csv"), events, customers);
        }

        @Override
        public void close() throws IOException {
            for (Writer w : writers.values()) {
                w.close();
            }
            truth.close();
        }
    }

    static String posTime(Instant t) {
        return POS_TIME.format(t);
    }
}
