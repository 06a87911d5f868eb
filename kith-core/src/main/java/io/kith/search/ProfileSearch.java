package io.kith.search;

import java.util.List;

/**
 * Finds people from what staff type into one search box: an email, a phone number in any format, a loyalty card, a
 * name with a typo ("Jensne" finds "Jensen"), a profile id. Kept current from identity's change feed; answers in
 * milliseconds. Callers filter the hits by what the caller may see (brands).
 */
public interface ProfileSearch extends AutoCloseable {
    /**
     * One profile found.
     *
     * @param displayName the name to show (from the traits), or null when the profile has none
     * @param matched     what matched: {@code email}, {@code phone}, {@code name}, {@code profile_id}, an identifier type, ...
     * @param score       higher is better; exact identifier matches rank above fuzzy name matches
     */
    record Hit(String profileId, String displayName, String matched, float score) {
    }

    /** At most {@code limit} profiles, best first. */
    List<Hit> search(String query, int limit);

    @Override
    void close();
}
