package io.kith.model.propensity;

/** A customer's features and what happened afterwards (bought, churned, ...), for training and evaluation. */
public record LabelledExample(FeatureVector features, boolean outcome) {
}
