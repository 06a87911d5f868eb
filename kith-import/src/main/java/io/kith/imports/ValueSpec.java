package io.kith.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * How one value of the event is made from a row: a template over columns, a typed column, a literal, or a
 * nested object or list of specs.
 */
sealed interface ValueSpec {
    /** A string template: literal text with {@code {column}} substitutions; an empty column leaves the key out. */
    record Template(List<String> literals, List<String> columns) implements ValueSpec {
    }

    /** One column converted to a type; {@code required} rows without it are rejected. */
    record Column(String column, ValueType type, String format, java.time.ZoneId zone, String defaultValue, boolean required)
            implements ValueSpec {
    }

    /** A JSON literal (number, boolean, null) copied as is. */
    record Literal(JsonNode value) implements ValueSpec {
    }

    record Nested(Map<String, ValueSpec> fields) implements ValueSpec {
    }

    record ListOf(List<ValueSpec> items) implements ValueSpec {
    }

    /** The types a column can be converted to. */
    enum ValueType { STRING, NUMBER, INTEGER, BOOLEAN, TIMESTAMP }
}
