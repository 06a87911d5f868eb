/**
 * Customer segments found by k-means++ on standardised features, with k chosen by the silhouette or given, and each
 * cluster described in words from its centroid's z-scores. See {@code docs/models.md}.
 */
package io.kith.model.cluster;
