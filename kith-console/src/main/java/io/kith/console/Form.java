package io.kith.console;

import io.kith.server.HttpCall;
import io.kith.server.PercentDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A submitted form ({@code application/x-www-form-urlencoded}), read once: fields by name, each possibly repeated. */
public final class Form {
    private static final int LIMIT = 64 * 1024;

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static Form read(HttpCall call) {
        return parse(new String(call.body(LIMIT, "a console form"), StandardCharsets.UTF_8));
    }

    static Form parse(String body) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        PercentDecoding.pairs(body, "the form", (k, v) -> f.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        return new Form(f);
    }

    /** The field's first value, or null. */
    public String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The field's first value, or "" when absent. */
    public String text(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }
}
