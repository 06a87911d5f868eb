package io.kith.cli;

import io.kith.event.Event;
import io.kith.identity.Extraction;
import io.kith.identity.IdentifierExtractor;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityRules;
import io.kith.privacy.SubjectKeys;
import io.kith.privacy.Suppressions;
import io.kith.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The suppression gate as every entry point builds it: the store's ledger, the privacy key, identity's own reading of events. */
final class Privacy {
    private Privacy() {
    }

    static Suppressions suppressions(Path dataDir, Store store, IdentityRules rules) {
        Function<String, IdentityGraph.SourceInfo> sources = IdentityGraph.SourceInfo.of(store.sources());
        IdentifierExtractor extractor = new IdentifierExtractor(rules, id -> sources.apply(id).region(), id -> sources.apply(id).kind());
        List<String> regions = store.sources().all().stream().map(io.kith.source.Source::defaultRegion).filter(r -> r != null).distinct().toList();
        SubjectKeys keys = new SubjectKeys(Secrets.privacyKey(dataDir));
        store.regulations().checkKey(keys.fingerprint());
        return new Suppressions(store.regulations(), keys, (Event e) -> identifiers(extractor, e),
                value -> readings(rules, regions, value));
    }

    /** Every identifier {@code value} could be: it normalised as each type of the rules (a phone number with each region). */
    private static List<io.kith.identity.Identifier> readings(IdentityRules rules, List<String> regions, String value) {
        java.util.Set<io.kith.identity.Identifier> out = new java.util.LinkedHashSet<>();
        for (String type : rules.types().keySet()) {
            io.kith.identity.Normalizer.normalized(rules, type, value, null).ifPresent(out::add);
            for (String region : regions) {
                io.kith.identity.Normalizer.normalized(rules, type, value, region).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static List<io.kith.identity.Identifier> identifiers(IdentifierExtractor extractor, Event e) {
        return extractor.extract(e).identifiers().stream().map(Extraction.Candidate::identifier).toList();
    }
}
