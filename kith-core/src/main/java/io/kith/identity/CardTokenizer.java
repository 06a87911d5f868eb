package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps payment card numbers out of Kith: a card number found in a card field ({@code traits.card_number},
 * {@code properties.payment_card}, an {@code externalIds} entry of a card type, ...) is replaced, before the
 * event is stored anywhere, by a {@code payment_token}: a keyed hash (HMAC-SHA256) of its digits. The same card
 * gives the same token, so it still links a person's purchases; without the key the token reveals nothing.
 * Thread-safe.
 */
public final class CardTokenizer {
    private final SecretKeySpec key;
    private final Set<String> cardFields;
    /** The same names, for a loop without an iterator (this runs for every event, several times). */
    private final String[] fieldNames;

    public CardTokenizer(byte[] secret, Set<String> cardFields) {
        if (secret.length < 16) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the card tokenization key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.cardFields = cardFields;
        this.fieldNames = cardFields.toArray(String[]::new);
    }

    /** Whether {@link #scrub} removes a member of this name (in traits and properties), or tokenizes an external id of this type. */
    public boolean isCardField(String name) {
        return cardFields.contains(name);
    }

    /** The token of a card number: {@code tok_} + 32 hex characters of the HMAC of its digits. */
    public String token(String cardNumber) {
        String digits = cardNumber.replaceAll("[^0-9]", "");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
            return "tok_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new KithException(ErrorCode.INTERNAL, "HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** True for 13 to 19 digits (spaces and dashes allowed) that pass the Luhn check. */
    public static boolean looksLikeCard(String text) {
        String d = text.replaceAll("[ -]", "");
        if (d.length() < 13 || d.length() > 19 || !d.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return io.kith.event.CardNumbers.luhn(d, 0, d.length());
    }

    /**
     * Replaces card numbers in an event's JSON, in place. A value in a card field is removed whatever it looks like
     * (a mistyped card is still a card); a value with enough digits becomes a {@code payment_token} beside it.
     *
     * @return how many card values were removed
     */
    public int scrub(ObjectNode event) {
        return plan(event).apply();
    }

    /**
     * What {@link #scrub} would change in {@code event}, worked out now (each token from the card number as it is in
     * the event) and made by {@link Scrub#apply}. Between the two the event's other values may be changed (free-text card
     * numbers masked) without the tokens being derived from masked numbers, or being masked themselves.
     */
    public Scrub plan(ObjectNode event) {
        List<Runnable> changes = new ArrayList<>(0);
        planObject(event.get("traits"), changes);
        planObject(event.get("properties"), changes);
        JsonNode context = event.get("context");
        if (context instanceof ObjectNode ctx) {
            planObject(ctx.get("traits"), changes);
            if (ctx.get("externalIds") instanceof ArrayNode ids) {
                for (JsonNode id : ids) {
                    if (id instanceof ObjectNode o && cardFields.contains(o.path("type").asText())) {
                        String v = o.path("id").asText("");
                        String replacement = v.replaceAll("[^0-9]", "").length() >= 12 ? token(v) : "removed";
                        changes.add(() -> {
                            o.put("type", "payment_token");
                            o.put("id", replacement);
                        });
                    }
                }
            }
        }
        return new Scrub(changes);
    }

    /**
     * The changes {@link #plan} worked out for one event: the card fields to remove and the tokens to put in their
     * place. The nodes it changes are the event's objects as they were planned on: mask their values in place, never
     * replace the objects.
     */
    public record Scrub(List<Runnable> changes) {
        /** Makes the changes; returns how many card values were removed. */
        public int apply() {
            for (Runnable change : changes) {
                change.run();
            }
            return changes.size();
        }
    }

    private void planObject(JsonNode node, List<Runnable> changes) {
        if (!(node instanceof ObjectNode o) || o.isEmpty()) {
            return;
        }
        for (String field : fieldNames) {
            JsonNode v = o.get(field);
            if (v != null && !v.isNull()) {
                String text = v.asText("");
                String token = text.replaceAll("[^0-9]", "").length() >= 12 ? token(text) : null;
                changes.add(() -> {
                    o.remove(field);
                    if (token != null) {
                        o.put("payment_token", token);
                    }
                });
            }
        }
    }
}
