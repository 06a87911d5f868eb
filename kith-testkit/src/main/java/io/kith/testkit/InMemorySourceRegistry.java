package io.kith.testkit;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceIndex;
import io.kith.source.SourceNaming;
import io.kith.source.SourceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A thread-safe source registry in memory, for unit tests of code that looks sources up; it keeps keys as stores do. */
public final class InMemorySourceRegistry implements SourceRegistry {
    private final Clock clock;
    private volatile SourceIndex index = SourceIndex.EMPTY;

    public InMemorySourceRegistry(Source... sources) {
        this(Clock.systemUTC(), sources);
    }

    public InMemorySourceRegistry(Clock clock, Source... sources) {
        this.clock = clock;
        for (Source s : sources) {
            put(s);
        }
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        return index.byWriteKey(writeKey, clock.instant());
    }

    @Override
    public Optional<Source> byId(String id) {
        return index.byId(id);
    }

    @Override
    public List<Source> all() {
        return index.all();
    }

    @Override
    public synchronized Source create(NewSource request) {
        Source s = new Source(SourceNaming.newId(request, index.ids()), request.name(), request.brand(), request.kind(),
                request.defaultRegion(), SourceNaming.newWriteKey());
        index = index.with(SourceIndex.Entry.of(s));
        return s;
    }

    @Override
    public synchronized Rotation rotate(String id, Duration overlap) {
        SourceIndex.Entry current = index.entry(id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
        String key = SourceNaming.newWriteKey();
        Instant until = clock.instant().plus(overlap);
        index = index.with(current.rotatedTo(key, until));
        return new Rotation(current.source().withWriteKey(key), until);
    }

    @Override
    public synchronized Source put(Source source) {
        SourceIndex.Entry entry = index.entry(source.id()).map(e -> e.replacedBy(source)).orElseGet(() -> SourceIndex.Entry.of(source));
        index.owner(entry.source().writeKey(), source.id()).ifPresent(o -> {
            throw new KithException(ErrorCode.CONFLICT, "write key of source \"" + source.id() + "\" is already used by source \"" + o + "\"");
        });
        index = index.with(entry);
        return entry.source();
    }
}
