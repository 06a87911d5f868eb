package io.kith.console;

import java.util.Collection;
import java.util.function.Function;

/**
 * A fragment of HTML known to be safe: every page of the console is built from these, and text only ever enters one
 * escaped. {@link #of} fills a template's {@code {}} holes: an {@code Html} argument goes in as it is, anything else as
 * escaped text, so that forgetting to escape is not possible. Templates are constants written in this module; nothing a
 * user typed is ever a template.
 */
public final class Html {
    public static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /** The template with each {@code {}} replaced by the next argument: {@code Html} as is, anything else escaped; null is empty. */
    public static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int arg = 0;
        int from = 0;
        for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
            out.append(template, from, at);
            if (arg >= args.length) {
                throw new IllegalArgumentException("template has more holes than the " + args.length + " arguments: " + template);
            }
            append(out, args[arg++]);
            from = at + 2;
        }
        if (arg != args.length) {
            throw new IllegalArgumentException("template has " + arg + " holes for " + args.length + " arguments: " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    /** Text, escaped. */
    public static Html text(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return new Html(out.toString());
    }

    /** The fragments one after the other. */
    public static Html join(Collection<Html> parts) {
        StringBuilder out = new StringBuilder();
        for (Html h : parts) {
            out.append(h.markup);
        }
        return new Html(out.toString());
    }

    /** One fragment per item, one after the other. */
    public static <T> Html each(Iterable<T> items, Function<T, Html> render) {
        StringBuilder out = new StringBuilder();
        for (T t : items) {
            out.append(render.apply(t).markup);
        }
        return new Html(out.toString());
    }

    /** {@code html} when the condition holds, else nothing. */
    public static Html when(boolean condition, java.util.function.Supplier<Html> html) {
        return condition ? html.get() : EMPTY;
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Html h) {
            out.append(h.markup);
            return;
        }
        escape(out, value.toString());
    }

    /** Escapes text for an element's content or a quoted attribute value. */
    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append("&#xFFFD;"); // control characters have no place in a page
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return markup;
    }
}
