package io.kith.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.derive.Definitions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Versioned definitions in memory, as the stores keep them: a save of the latest body again keeps its version. */
public final class InMemoryDefinitions implements Definitions {
    private final List<Saved> saved = new ArrayList<>();

    @Override
    public Saved save(Kind kind, String name, JsonNode body, Instant at) {
        Optional<Saved> latest = latest(kind, name);
        if (latest.isPresent() && latest.get().body().equals(body)) {
            return latest.get();
        }
        Saved s = new Saved(kind, name, latest.map(l -> l.version() + 1).orElse(1), body, at);
        saved.add(s);
        return s;
    }

    @Override
    public List<Saved> all(Kind kind) {
        Map<String, Saved> out = new java.util.TreeMap<>();
        saved.stream().filter(s -> s.kind() == kind).forEach(s -> out.put(s.name(), s));
        return List.copyOf(out.values());
    }

    @Override
    public Optional<Saved> latest(Kind kind, String name) {
        return history(kind, name, 1).stream().findFirst();
    }

    @Override
    public List<Saved> history(Kind kind, String name, int limit) {
        return saved.stream().filter(s -> s.kind() == kind && s.name().equals(name))
                .sorted(java.util.Comparator.comparingInt(Saved::version).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<Saved> version(Kind kind, String name, int version) {
        return saved.stream().filter(s -> s.kind() == kind && s.name().equals(name) && s.version() == version).findFirst();
    }
}
