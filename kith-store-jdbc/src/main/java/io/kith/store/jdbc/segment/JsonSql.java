package io.kith.store.jdbc.segment;

import java.util.List;

/**
 * How one SQL engine reads JSON values: the only place the DuckDB and PostgreSQL forms of a segment query differ.
 * Every method builds an SQL expression from expressions; {@code j} is a JSON value (a JSON column, or what
 * {@link #at} gave), SQL {@code NULL} when missing. The compiler ({@link SegmentSql}) writes everything else once.
 */
public sealed interface JsonSql permits JsonSql.DuckDb, JsonSql.Postgres {
    /** The engine's name, for golden files and messages. */
    String name();

    /** The JSON value at a path of names below {@code j} ({@code NULL} when the path leads nowhere). */
    String at(String j, List<String> path);

    String isNull(String j);

    /** The JSON text of {@code j} as the engine holds it, as SQL text (for a comparison of bytes). */
    String raw(String j);

    String isString(String j);

    String isNumber(String j);

    String isBoolean(String j);

    String isArray(String j);

    /** The text of a JSON string. */
    String text(String j);

    /** The exact decimal of a JSON number. */
    String number(String j);

    /** The boolean of a JSON boolean. */
    String bool(String j);

    /** True when some element of the JSON array {@code j} satisfies {@code elementTest}, written over {@code x}. */
    String anyElement(String j, java.util.function.Function<String, String> elementTest);

    /** True when the SQL text array column {@code array} holds {@code quotedText}. */
    String arrayContains(String array, String quotedText);

    /** A timestamptz from text already known to be an ISO-8601 date-time with offset, or a date alone (midnight UTC). */
    String timestampOf(String isoText);

    /** True when the whole of {@code text} matches the regular expression (RE2 and POSIX alike: no look-arounds). */
    String matches(String text, String regex);

    /** DuckDB: JSON in VARCHAR columns, read with its JSON extension; numbers are compared as DECIMAL(38, 10). */
    record DuckDb() implements JsonSql {
        @Override
        public String name() {
            return "duckdb";
        }

        @Override
        public String at(String j, List<String> path) {
            StringBuilder p = new StringBuilder("'$");
            for (String name : path) {
                p.append(".\"").append(name).append('"');
            }
            return "json_extract(" + j + ", " + p + "')";
        }

        @Override
        public String isNull(String j) {
            return "json_type(" + j + ") = 'NULL'";
        }

        @Override
        public String raw(String j) {
            return j;
        }

        @Override
        public String isString(String j) {
            return "json_type(" + j + ") = 'VARCHAR'";
        }

        @Override
        public String isNumber(String j) {
            return "json_type(" + j + ") IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')";
        }

        @Override
        public String isBoolean(String j) {
            return "json_type(" + j + ") = 'BOOLEAN'";
        }

        @Override
        public String isArray(String j) {
            return "json_type(" + j + ") = 'ARRAY'";
        }

        @Override
        public String text(String j) {
            return "json_extract_string(" + j + ", '$')";
        }

        @Override
        public String number(String j) {
            return "TRY_CAST(json_extract_string(" + j + ", '$') AS DECIMAL(38, 10))";
        }

        @Override
        public String bool(String j) {
            return "TRY_CAST(json_extract_string(" + j + ", '$') AS BOOLEAN)";
        }

        @Override
        public String anyElement(String j, java.util.function.Function<String, String> elementTest) {
            return "len(list_filter(json_extract(" + j + ", '$[*]'), lambda x: " + elementTest.apply("x") + ")) > 0";
        }

        @Override
        public String arrayContains(String array, String quotedText) {
            return "list_contains(" + array + ", " + quotedText + ")";
        }

        @Override
        public String timestampOf(String isoText) {
            return "TRY_CAST(CASE WHEN length(" + isoText + ") = 10 THEN " + isoText + " || ' 00:00:00+00' ELSE " + isoText
                    + " END AS TIMESTAMPTZ)";
        }

        @Override
        public String matches(String text, String regex) {
            return "regexp_full_match(" + text + ", '" + regex + "')";
        }
    }

    /** PostgreSQL: JSON in {@code json} columns (text kept as written); numbers are {@code numeric}, exact. */
    record Postgres() implements JsonSql {
        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public String at(String j, List<String> path) {
            return "(" + j + " #> '{" + String.join(",", path) + "}')";
        }

        @Override
        public String isNull(String j) {
            return "json_typeof(" + j + ") = 'null'";
        }

        @Override
        public String raw(String j) {
            return "(" + j + ")::text";
        }

        @Override
        public String isString(String j) {
            return "json_typeof(" + j + ") = 'string'";
        }

        @Override
        public String isNumber(String j) {
            return "json_typeof(" + j + ") = 'number'";
        }

        @Override
        public String isBoolean(String j) {
            return "json_typeof(" + j + ") = 'boolean'";
        }

        @Override
        public String isArray(String j) {
            return "json_typeof(" + j + ") = 'array'";
        }

        @Override
        public String text(String j) {
            return "(" + j + " #>> '{}')";
        }

        @Override
        public String number(String j) {
            return "(" + j + " #>> '{}')::numeric";
        }

        @Override
        public String bool(String j) {
            return "(" + j + " #>> '{}')::boolean";
        }

        @Override
        public String anyElement(String j, java.util.function.Function<String, String> elementTest) {
            return "EXISTS (SELECT 1 FROM json_array_elements(" + j + ") AS el (x) WHERE " + elementTest.apply("x") + ")";
        }

        @Override
        public String arrayContains(String array, String quotedText) {
            return quotedText + " = ANY (" + array + ")";
        }

        @Override
        public String timestampOf(String isoText) {
            return "kith_timestamptz(" + isoText + ")";
        }

        @Override
        public String matches(String text, String regex) {
            return "(" + text + " ~ '^(" + regex + ")$')";
        }
    }
}
