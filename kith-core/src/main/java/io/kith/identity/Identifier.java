package io.kith.identity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/** One identity marker of a person: its type ({@code email}, {@code loyalty_card}, ...) and its normalised value. */
public record Identifier(String type, String value) implements Comparable<Identifier> {
    public Identifier {
        if (!isTypeName(type)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "identifier type must be lower_snake_case (a-z, 0-9, _), was \"" + type + "\"");
        }
        if (value == null || value.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "identifier value of type " + type + " is empty");
        }
    }

    /** Whether {@code s} is a valid type name: lower_snake_case, {@code [a-z][a-z0-9_]{0,63}}. */
    public static boolean isTypeName(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        char first = s.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Identifier o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
