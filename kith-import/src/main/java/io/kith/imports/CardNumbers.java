package io.kith.imports;

import io.kith.identity.CardTokenizer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payment card numbers in free text (13 to 19 digits passing the Luhn check as {@link CardTokenizer#looksLikeCard} has it, in groups that may be separated
 * by single spaces or dashes) and replaces them, so that a quarantined row keeps no card in clear. Thread-safe.
 *
 * <p>{@link io.kith.identity.CardTokenizer} scrubs card <em>fields</em> of an event; a rejected row is text that
 * may hold a card anywhere (a notes column, a broken JSON line), hence this. It belongs in kith-core beside the
 * tokenizer, for every quarantine writer.
 */
final class CardNumbers {
    /** A run of digit groups joined by single spaces or dashes, not touching other digits. */
    private static final Pattern RUN = Pattern.compile("(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])");

    private CardNumbers() {
    }

    /**
     * The text with every card number replaced by {@code replacement} applied to it. In a longer run of groups
     * ("4111 1111 1111 1111 2030"), any sequence of whole groups that is a card counts.
     */
    static String scrub(String text, UnaryOperator<String> replacement) {
        Matcher m = RUN.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (m.end() - m.start() < 13) {
                continue;
            }
            String run = m.group();
            String scrubbed = scrubRun(run, replacement);
            if (!scrubbed.equals(run)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, m.start()).append(scrubbed);
                copied = m.end();
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Replaces, from the left, the longest sequence of whole groups of the run that is a card number. */
    private static String scrubRun(String run, UnaryOperator<String> replacement) {
        String[] groups = run.split("(?=[ -])|(?<=[ -])");
        // groups alternate digits and separators: d, s, d, s, d ...
        StringBuilder out = new StringBuilder(run.length());
        int i = 0;
        while (i < groups.length) {
            int end = cardFrom(groups, i);
            if (end >= 0) {
                StringBuilder card = new StringBuilder();
                for (int k = i; k <= end; k++) {
                    card.append(groups[k]);
                }
                out.append(replacement.apply(card.toString()));
                i = end + 1;
            } else {
                out.append(groups[i]);
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the last group of the longest card that starts at group {@code start}, or -1. */
    private static int cardFrom(String[] groups, int start) {
        if (!Character.isDigit(groups[start].charAt(0))) {
            return -1;
        }
        int best = -1;
        int digits = 0;
        StringBuilder candidate = new StringBuilder();
        for (int k = start; k < groups.length && digits <= 19; k += 2) {
            if (k > start) {
                candidate.append(groups[k - 1]);
            }
            candidate.append(groups[k]);
            digits += groups[k].length();
            if (digits >= 13 && digits <= 19 && CardTokenizer.looksLikeCard(candidate.toString())) {
                best = k;
            }
        }
        return best;
    }
}
