/**
 * Supervised propensity (to buy, to churn): an L2-regularised logistic regression on named, standardised features,
 * with each prediction explained by its features' contributions to the log-odds, and evaluated by AUC, Brier score and
 * reliability bins on held-out customers. See {@code docs/models.md}.
 */
package io.kith.model.propensity;
