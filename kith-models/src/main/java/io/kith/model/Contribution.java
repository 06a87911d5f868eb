package io.kith.model;

/**
 * How much one input moved one prediction, in the units the model explains itself in (for a logistic model: the
 * change in log-odds; for a cluster: the z-score of the centroid).
 *
 * @param feature the input's name
 * @param value   the input's value for this customer
 * @param effect  its effect on the prediction; positive raises it
 */
public record Contribution(String feature, double value, double effect) {
}
