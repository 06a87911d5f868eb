package io.kith.segment.lang;

import io.kith.segment.Condition;
import java.util.List;
import java.util.Objects;

/** The outcome of reading a segment definition's text: a condition, or the problems found (never both). */
public sealed interface ParseResult {
    /** The condition read, for a caller that knows the text is valid (a definition of its own); else the problems, thrown. */
    default Condition orThrow() {
        return switch (this) {
            case Parsed p -> p.condition();
            case Failed f -> throw new IllegalArgumentException("not a valid condition: " + f.diagnostics());
        };
    }

    record Parsed(Condition condition) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** The text is not a valid definition; at least one diagnostic, in the order of their positions. */
    record Failed(List<Diagnostic> diagnostics) implements ParseResult {
        public Failed {
            diagnostics = List.copyOf(diagnostics);
            if (diagnostics.isEmpty()) {
                throw new IllegalArgumentException("a failure needs at least one diagnostic");
            }
        }
    }
}
