package io.kith.identity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.regex.Pattern;

/** One identity marker of a person: its type ({@code email}, {@code loyalty_card}, ...) and its normalised value. */
public record Identifier(String type, String value) implements Comparable<Identifier> {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Identifier {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "identifier type must be lower_snake_case (a-z, 0-9, _), was \"" + type + "\"");
        }
        if (value == null || value.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "identifier value of type " + type + " is empty");
        }
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
