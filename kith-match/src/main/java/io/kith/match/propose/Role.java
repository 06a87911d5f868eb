package io.kith.match.propose;

import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a column holds, guessed from its name or its values, and how such a column is compared. */
public enum Role {
    GIVEN_NAME("first_?name|given_?name|forename|fname(_c1)?|first|vorname|prenom"),
    SURNAME("sur_?name|last_?name|family_?name|lname(_c1)?|last|nachname|nom"),
    OTHER_NAME("middle_?name|fname_c2|lname_c2|name_?2|.*_?name_?\\d|maiden_?name"),
    FULL_NAME("full_?name|name|customer_?name|person"),
    DATE_OF_BIRTH("dob|date_?of_?birth|birth_?date|birthdate|bday|birthday|geburtsdatum"),
    BIRTH_YEAR("by|birth_?year|yob|year_?of_?birth"),
    BIRTH_MONTH("bm|birth_?month|mob"),
    BIRTH_DAY("bd|birth_?day|dob_?day"),
    EMAIL("e_?mail|email_?address|mail"),
    PHONE("phone|phone_?number|mobile|cell|tel|telephone|phone_?1"),
    POSTCODE("post_?code|zip|zip_?code|postal_?code|plz|postleitzahl"),
    CITY("city|suburb|town|locality|municipality|ort"),
    STREET("address_?1|address|street|street_?address|address_?line_?1|addr|strasse"),
    ADDRESS_2("address_?2|address_?line_?2|building|complex"),
    STREET_NUMBER("street_?number|house_?number|street_?no|number"),
    STATE("state|region|province|county|country"),
    ID_NUMBER("soc_?sec_?id|ssn|social_?security|national_?id|nin|passport|licen[cs]e|tax_?id|customer_?number"),
    GENDER("sex|gender"),
    DATE(null),
    NUMBER(null),
    TEXT(null);

    private final Pattern name;

    Role(String name) {
        this.name = name == null ? null : Pattern.compile(name);
    }

    /** The role whose name pattern the column name matches, or null. */
    static Role byName(String column) {
        String key = column.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (Role r : values()) {
            if (r.name != null && r.name.matcher(key).matches()) {
                return r;
            }
        }
        return null;
    }

    /** How a column in this role is compared. */
    Comparison comparison(String column) {
        return switch (this) {
            case GIVEN_NAME, SURNAME, OTHER_NAME, FULL_NAME -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.JaroWinkler(0.92), new Level.JaroWinkler(0.85), new Level.JaroWinkler(0.7)), true);
            case DATE_OF_BIRTH, DATE -> new Comparison(column, column, Prepare.DATE,
                    List.of(new Level.Exact(), new Level.Levenshtein(1), new Level.DayMonthSwapped(), new Level.DaysWithin(31),
                            new Level.DaysWithin(366)), false);
            case BIRTH_YEAR, BIRTH_MONTH, BIRTH_DAY, STREET_NUMBER -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.Levenshtein(1)), false);
            case EMAIL -> new Comparison(column, column, Prepare.EMAIL,
                    List.of(new Level.Exact(), new Level.EmailLocalPart(), new Level.JaroWinkler(0.88)), true);
            case PHONE -> new Comparison(column, column, Prepare.DIGITS, List.of(new Level.Exact(), new Level.Levenshtein(1)), true);
            case POSTCODE -> new Comparison(column, column, Prepare.TEXT, List.of(new Level.Exact(), new Level.Levenshtein(1)), true);
            case CITY -> new Comparison(column, column, Prepare.TEXT, List.of(new Level.Exact(), new Level.JaroWinkler(0.88)), true);
            case STREET, ADDRESS_2 -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.JaroWinkler(0.9), new Level.JaroWinkler(0.75)), true);
            case STATE, GENDER -> new Comparison(column, column, Prepare.TEXT, List.of(new Level.Exact()), false);
            case ID_NUMBER -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.Levenshtein(1), new Level.Levenshtein(2)), false);
            case NUMBER -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.NumberWithin(0.05)), false);
            case TEXT -> new Comparison(column, column, Prepare.TEXT,
                    List.of(new Level.Exact(), new Level.JaroWinkler(0.9), new Level.JaroWinkler(0.75)), true);
        };
    }
}
