package io.kith.console;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.search.ProfileSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProfileSearch} that answers exact identifier lookups only: what was typed is normalised as identity
 * resolution normalises each configured identifier type ({@code +44 7700 900123} and {@code 07700900123} are the same
 * phone), for each phone region the sources use, and looked up in the graph; a profile id (or the id of a profile merged
 * away) finds its profile too. No names, no typos: the search index built beside it does that; this one needs no
 * index and is always current. Thread-safe.
 */
public final class IdentifierLookup implements ProfileSearch {
    private final IdentityProjection identity;
    private final List<String> types;
    private final List<String> regions;

    /**
     * @param types   the identifier types to try, in order of preference
     * @param regions phone regions to read a number without a country code with
     */
    public IdentifierLookup(IdentityProjection identity, Set<String> types, List<String> regions) {
        this.identity = identity;
        List<String> ordered = new ArrayList<>(List.of("email", "phone", "user_id"));
        ordered.retainAll(types);
        types.stream().sorted().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        this.types = List.copyOf(ordered);
        this.regions = regions.isEmpty() ? List.of("ZZ") : List.copyOf(regions);
    }

    @Override
    public List<Hit> search(String query, int limit) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 320) {
            return List.of();
        }
        Map<Identifier, String> candidates = new LinkedHashMap<>();
        for (String type : types) {
            for (String region : regions) {
                try {
                    identity.normalize(type, q, region).ifPresent(id -> candidates.putIfAbsent(id, type));
                } catch (RuntimeException notOfThisType) {
                    // a value this type cannot hold: not a candidate
                }
            }
        }
        return identity.read(g -> {
            Map<String, Hit> hits = new LinkedHashMap<>();
            Optional<String> byId = g.canonical(q);
            byId.flatMap(g::profile).ifPresent(p -> hits.put(p.id(), new Hit(p.id(), displayName(p), "profile_id", 3f)));
            for (Map.Entry<Identifier, String> c : candidates.entrySet()) {
                if (hits.size() >= limit) {
                    break;
                }
                g.lookup(c.getKey()).flatMap(g::profile).ifPresent(p -> hits.putIfAbsent(p.id(), new Hit(p.id(), displayName(p), c.getValue(), 2f)));
            }
            return List.copyOf(new ArrayList<>(hits.values()).subList(0, Math.min(limit, hits.size())));
        });
    }

    /** The name to show for a profile, from its traits ({@code name}, or first and last name), or null. */
    public static String displayName(Profile p) {
        String name = trait(p, "name");
        if (name != null) {
            return name;
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String k : List.of("first_name", "firstName", "last_name", "lastName")) {
            String v = trait(p, k);
            if (v != null) {
                parts.add(v);
            }
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    static String trait(Profile p, String name) {
        var t = p.traits().get(name);
        return t == null || t.value() == null || !t.value().isValueNode() || t.value().asText().isBlank() ? null : t.value().asText();
    }

    @Override
    public void close() {
    }
}
