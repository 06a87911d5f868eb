package io.kith.label;

/** The four families of customer labels. */
public enum LabelFamily {
    /** Who the person is: age band, gender, city, life stage. */
    DEMOGRAPHIC,
    /** What they like: top categories, preferred channel, brand and store, price sensitivity. */
    PREFERENCE,
    /** Where they are in their relationship: cart abandoned, support calls, complaints, unsubscribed, frequency dropped. */
    JOURNEY,
    /** What models say: lifetime value band, churn risk, next purchase, household, cluster. */
    MODEL
}
