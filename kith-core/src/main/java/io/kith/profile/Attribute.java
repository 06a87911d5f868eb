package io.kith.profile;

import io.kith.text.TextValues;

/**
 * A personal attribute that record matching compares between people: a name, a birth date, an address part, an e-mail
 * address or a phone number as a trait gave it. Read from traits by {@link Attributes}; its history across a person's
 * events by {@link AttributeHistory}.
 */
public enum Attribute {
    FIRST_NAME("first_name", Form.TEXT),
    LAST_NAME("last_name", Form.TEXT),
    BIRTHDAY("birthday", Form.DATE),
    EMAIL("email", Form.EMAIL),
    PHONE("phone", Form.DIGITS),
    STREET("street", Form.TEXT),
    POSTCODE("postcode", Form.TEXT),
    CITY("city", Form.TEXT);

    /** How a value is normalised before two are compared. */
    private enum Form { TEXT, DATE, EMAIL, DIGITS }

    private final String column;
    private final Form form;

    Attribute(String column, Form form) {
        this.column = column;
        this.form = form;
    }

    /** The attribute's name as a matching column ({@code first_name}, {@code street}, ...). */
    public String column() {
        return column;
    }

    /**
     * The value as record matching compares it: what kith-match's {@code Prepare} makes of it for this attribute's
     * comparison (text lower-cased with white space collapsed, a date as yyyyMMdd, an e-mail address without spaces, a
     * phone number's digits), both calling {@link TextValues}; null when nothing is left. Two values equal here are one
     * value of a person's history.
     */
    public String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String t = TextValues.text(raw);
        if (t == null) {
            return null;
        }
        return switch (form) {
            case TEXT -> t;
            case DATE -> TextValues.date(t);
            case EMAIL -> TextValues.email(t);
            case DIGITS -> TextValues.onlyDigits(t);
        };
    }
}
