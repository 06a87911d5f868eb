package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.identity.CardTokenizer;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * An accepted event holds no payment card number: whatever the event, wherever card numbers are put in it (a string,
 * part of a sentence, grouped by spaces or dashes, a JSON number, a member name, spelt with JSON escapes, at any depth),
 * the stored JSON has no run of 13 to 19 digits that passes the Luhn check, every other value is as it was sent, and a
 * card field is still tokenized from the number as sent. The byte pre-check never misses an event the masker changes.
 */
class CardMaskingProperties {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Source WEB = new Source("src_web", "Web", "acme", SourceKind.WEB, "GB", "wk");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:10Z");
    private static final CardTokenizer CARDS = new CardTokenizer("0123456789abcdef".getBytes(StandardCharsets.UTF_8), Set.of("card_number"));
    /** A run as the masker takes it: digits with single spaces or dashes between them, not next to another digit. */
    private static final Pattern RUN = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9])*(?![0-9])");

    private enum Form { PLAIN, SPACED, DASHED, IN_TEXT, NUMBER, ESCAPED, NAME }

    private record Insert(String placeholder, String card, Form form) {
    }

    @Property(tries = 1000)
    void anAcceptedEventHoldsNoCardNumberAndNothingElseChanges(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        ObjectNode sent = M.createObjectNode();
        sent.put("type", "track").put("event", "Order Completed").put("userId", "u-" + r.nextInt(1000));
        for (String member : new String[] {"properties", "traits", "context", "extra"}) {
            if (r.nextInt(4) > 0) {
                fill(sent.putObject(member), r, 0);
            }
        }
        ObjectNode before = sent.deepCopy();
        String plainText = M.writeValueAsString(sent);
        List<Insert> inserts = new ArrayList<>();
        List<JsonNode> containers = containers(sent);
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            Insert ins = new Insert("@@card" + i + "@@", CardNumbersTest.luhnValid(13 + r.nextInt(7), r.nextInt(1_000_000)),
                    Form.values()[r.nextInt(Form.values().length)]);
            JsonNode at = containers.get(r.nextInt(containers.size()));
            if (at instanceof ObjectNode o) {
                if (ins.form() == Form.NAME) {
                    o.put(ins.placeholder(), r.nextInt(100));
                } else {
                    o.put("card" + i, ins.placeholder());
                }
            } else {
                ((ArrayNode) at).add(ins.placeholder()); // appended: the elements sent before keep their indexes
            }
            inserts.add(ins);
        }
        String card = null;
        if (r.nextBoolean()) {
            card = CardNumbersTest.luhnValid(16, r.nextInt(1_000_000));
            sent.putObject("traits").put("card_number", card); // replaces generated traits: compared separately below
            before.remove("traits");
        }
        String text = M.writeValueAsString(sent);
        for (Insert ins : inserts) {
            text = text.replace("\"" + ins.placeholder() + "\"", written(ins, r));
        }

        Event e = ((ParseOutcome.Accepted) new EventParser(() -> "m", CARDS).parse(M.readTree(text), null, WEB, RECEIVED, "$")).event();
        String stored = M.writeValueAsString(e.json());

        ObjectNode scanned = e.json().deepCopy();
        if (scanned.get("traits") instanceof ObjectNode traits) {
            traits.remove("payment_token"); // hex, which may hold a run of digits: it is the token, no card number
        }
        String scannedJson = M.writeValueAsString(scanned);
        Matcher m = RUN.matcher(scannedJson);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            boolean afterPlus = m.start() > 0 && scannedJson.charAt(m.start() - 1) == '+';
            assertThat(digits.length() >= 13 && digits.length() <= 19 && CardNumbers.luhn(digits, 0, digits.length())
                    && CardNumbers.paymentIndustry(digits.charAt(0) - '0') && !afterPlus)
                    .as("a card number %s is stored in %s (sent %s)", m.group(), stored, text).isFalse();
        }
        for (String member : new String[] {"properties", "traits", "context", "extra"}) {
            if (before.has(member)) {
                assertUnchanged(before.get(member), e.json().get(member), "$." + member, stored);
            }
        }
        if (card != null) {
            assertThat(e.json().path("traits").path("payment_token").asText()).isEqualTo(CARDS.token(card));
            assertThat(e.json().path("traits").has("card_number")).isFalse();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(CardNumbers.mayHoldCard(bytes, 0, bytes.length)).as(text).isTrue();
        byte[] plain = plainText.getBytes(StandardCharsets.UTF_8);
        if (!CardNumbers.mayHoldCard(plain, 0, plain.length)) {
            ObjectNode tree = (ObjectNode) M.readTree(plainText);
            CardNumbers.mask(tree);
            assertThat(tree).as("the pre-check passed %s, which the masker changes", plainText).isEqualTo(M.readTree(plainText));
        }
    }

    /** Every value sent is stored as it was (the stored JSON may have more: the inserted members, masked). */
    private static void assertUnchanged(JsonNode sent, JsonNode stored, String path, String all) {
        assertThat(stored).as("%s in %s", path, all).isNotNull();
        if (sent instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertUnchanged(f.getValue(), stored.get(f.getKey()), path + "." + f.getKey(), all);
            }
        } else if (sent instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                assertUnchanged(a.get(i), stored.get(i), path + "[" + i + "]", all);
            }
        } else {
            assertThat(stored).as("%s in %s", path, all).isEqualTo(sent);
        }
    }

    /**
     * Values a client sends, some of them close to card numbers that are none: 13 to 18 digits failing the Luhn check (as
     * text or a number), Luhn-valid runs that start as no card does or follow a {@code +} (a phone number), 22 digits,
     * 12 digits.
     */
    private static void fill(ObjectNode o, Random r, int depth) {
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            String name = "m" + i;
            switch (r.nextInt(depth < 3 ? 9 : 7)) {
                case 0 -> o.put(name, "text " + r.nextInt(1000) + "-" + r.nextInt(1000));
                case 1 -> o.put(name, r.nextInt());
                case 2 -> o.put(name, r.nextInt(100_000) / 100.0);
                case 3 -> o.put(name, notACard(16, r));
                case 4 -> o.put(name, r.nextBoolean() ? "order 1234567890123456789012" : "sku 123456789012");
                case 5 -> {
                    int kind = r.nextInt(3);
                    if (kind == 0) {
                        o.put(name, Long.parseLong(notACard(13 + r.nextInt(6), r)));
                    } else if (kind == 1) {
                        o.put(name, "+" + CardNumbersTest.luhnValid(13, r.nextInt(1_000_000))); // a phone number in international form
                    } else {
                        o.put(name, CardNumbersTest.luhnValid(13 + r.nextInt(6), r.nextInt(1_000_000), 7 + r.nextInt(3))); // an id no card starts as
                    }
                }
                case 6 -> o.putNull(name);
                case 7 -> fill(o.putObject(name), r, depth + 1);
                default -> {
                    ArrayNode a = o.putArray(name);
                    for (int k = 0, n2 = r.nextInt(3); k < n2; k++) {
                        fill(a.addObject(), r, depth + 1);
                    }
                    a.add("x").add(r.nextInt(100));
                }
            }
        }
    }

    /** Digits that fail the Luhn check, not starting with 0. */
    private static String notACard(int length, Random r) {
        String valid = CardNumbersTest.luhnValid(length, r.nextInt(1_000_000));
        char last = valid.charAt(length - 1);
        return valid.substring(0, length - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** The objects and arrays an event's payload members hold, where card numbers are put. */
    private static List<JsonNode> containers(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        for (String member : new String[] {"properties", "traits", "context", "extra"}) {
            collect(root.get(member), out);
        }
        if (out.isEmpty()) {
            out.add(((ObjectNode) root).putObject("properties"));
        }
        return out;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n != null && n.isContainerNode()) {
            out.add(n);
            for (JsonNode child : n) {
                collect(child, out);
            }
        }
    }

    /** The card as the client writes it in the JSON text, in place of the quoted placeholder. */
    private static String written(Insert ins, Random r) {
        String c = ins.card();
        return switch (ins.form()) {
            case PLAIN, NAME -> "\"" + c + "\"";
            case SPACED -> "\"" + c.replaceAll("(\\d{4})(?=\\d)", "$1 ") + "\"";
            case DASHED -> "\"" + c.replaceAll("(\\d{4})(?=\\d)", "$1-") + "\"";
            case IN_TEXT -> "\"paid with " + c + ", thanks\"";
            case NUMBER -> c;
            case ESCAPED -> {
                StringBuilder b = new StringBuilder("\"");
                for (char d : c.toCharArray()) {
                    b.append(r.nextBoolean() ? String.format("\\u%04x", (int) d) : String.valueOf(d));
                }
                yield b.append('"').toString();
            }
        };
    }
}
