/**
 * Customer lifetime value for non-contractual businesses: BG/NBD for the number of future purchases and whether a
 * customer is still alive, Gamma-Gamma for the value of a purchase, both fitted by maximum likelihood. Start with
 * {@link io.kith.model.clv.PurchaseHistory} (transactions to {@link io.kith.model.clv.CustomerSummary}), then
 * {@link io.kith.model.clv.ClvModel#fit} and {@link io.kith.model.clv.ClvModel#score}. See {@code docs/models.md}.
 */
package io.kith.model.clv;
