package io.kith.model.cluster;

import java.util.Locale;

/**
 * How a feature is put into words when a cluster's centroid lies well above or below the mean of it, such as
 * ("recency_days", "lapsed", "recent").
 */
public record FeatureWords(String feature, String high, String low) {
    /** "high frequency" and "low frequency". */
    public static FeatureWords plain(String feature) {
        String words = feature.replace('_', ' ').toLowerCase(Locale.ROOT);
        return new FeatureWords(feature, "high " + words, "low " + words);
    }
}
