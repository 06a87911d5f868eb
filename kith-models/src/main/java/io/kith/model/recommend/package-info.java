/**
 * Recommendations by item-to-item collaborative filtering over purchases and views, with a popularity fallback, and
 * a leave-last-purchase-out evaluation against the popularity baseline. See {@code docs/models.md}.
 */
package io.kith.model.recommend;
