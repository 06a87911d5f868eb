package io.kith.source;

import java.util.Objects;

/**
 * A system that sends events to Kith (a web shop, an app, the stores' POS, the CRM, a call centre), owned by
 * one brand of the group. Every event keeps the source and brand it came through.
 *
 * @param id            stable id, e.g. {@code src_webshop}
 * @param name          human name, e.g. "Web shop"
 * @param brand         the brand of the group this source belongs to, e.g. "northwind-department-store"
 * @param kind          the channel
 * @param defaultRegion ISO 3166 region used to read phone numbers written without a country code, e.g. "GB"
 * @param writeKey      the key clients send with their events. As declared (a sources file, a test) or just issued by a
 *                      registry it is the key itself; as a registry keeps it ({@link #stored()}), a server-side source's
 *                      key is a digest ({@link WriteKey}), which authenticates nobody
 */
public record Source(String id, String name, String brand, SourceKind kind, String defaultRegion, String writeKey) {
    public Source {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(writeKey, "writeKey");
    }

    /** This source as registries keep it: a server-side source's write key replaced by its digest. */
    public Source stored() {
        String stored = WriteKey.stored(kind, writeKey);
        return stored.equals(writeKey) ? this : withWriteKey(stored);
    }

    /** Whether {@link #writeKey} is the key itself, which may be shown (false: it is a digest). */
    public boolean writeKeyShown() {
        return !WriteKey.isDigest(writeKey);
    }

    public Source withWriteKey(String key) {
        return new Source(id, name, brand, kind, defaultRegion, key);
    }
}
