package io.kith.testkit;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceNaming;
import io.kith.source.SourceRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe source registry in memory, for unit tests of code that looks sources up. */
public final class InMemorySourceRegistry implements SourceRegistry {
    private final Map<String, Source> byId = new ConcurrentHashMap<>();

    public InMemorySourceRegistry(Source... sources) {
        for (Source s : sources) {
            put(s);
        }
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        return byId.values().stream().filter(s -> s.writeKey().equals(writeKey)).findFirst();
    }

    @Override
    public Optional<Source> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Source> all() {
        List<Source> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Source::id));
        return out;
    }

    @Override
    public synchronized Source create(NewSource request) {
        Source s = new Source(SourceNaming.newId(request, byId.keySet()), request.name(), request.brand(), request.kind(),
                request.defaultRegion(), SourceNaming.newWriteKey());
        byId.put(s.id(), s);
        return s;
    }

    @Override
    public synchronized Source put(Source source) {
        byWriteKey(source.writeKey()).filter(o -> !o.id().equals(source.id())).ifPresent(o -> {
            throw new KithException(ErrorCode.CONFLICT, "write key already used by " + o.id());
        });
        byId.put(source.id(), source);
        return source;
    }
}
