package io.kith.segment;

/**
 * What kind of value a {@link ProfileValue} holds, known before any person is seen; it decides which comparisons a
 * definition may make ({@code rfm.segment > 3} is refused when the definition is read, not found false at run time).
 */
public enum ValueType {
    /** A JSON value of any type (traits, computed traits): every comparison is allowed and a wrong type is false. */
    ANY,
    STRING,
    NUMBER,
    /** An instant: compared with {@code before}, {@code after}, {@code within last} and {@code =} with a date. */
    DATE,
    /** A list of strings (the brands and sources a profile was seen in): compared with {@code contains}. */
    STRING_LIST
}
