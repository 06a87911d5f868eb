package io.kith.model.propensity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training and held-out examples split in time and by customer: features as of the cut-off day, the outcome whether
 * the customer bought in the days after it up to the outcome end (for churn, use its negation), and each customer in
 * the held-out part or not by a hash of its id, so that the same customer always lands on the same side.
 *
 * @param heldOutShare the share of customers held out, in (0, 1)
 */
public record TimeSplit(LocalDate cutoff, LocalDate outcomeEnd, double heldOutShare, List<LabelledExample> training,
        List<LabelledExample> heldOut) {
    /** Splits the customers with a purchase up to {@code cutoff}. */
    public static TimeSplit of(BehaviourFeatures features, LocalDate cutoff, LocalDate outcomeEnd, double heldOutShare) {
        if (!outcomeEnd.isAfter(cutoff) || !(heldOutShare > 0 && heldOutShare < 1)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a time split needs an outcome end after the cut-off and a held-out share "
                    + "in (0, 1); got " + cutoff + ", " + outcomeEnd + ", " + heldOutShare);
        }
        Map<String, Boolean> bought = features.boughtBetween(cutoff, outcomeEnd);
        List<LabelledExample> training = new ArrayList<>();
        List<LabelledExample> heldOut = new ArrayList<>();
        for (FeatureVector v : features.asOf(cutoff)) {
            LabelledExample e = new LabelledExample(v, bought.get(v.customerId()));
            (heldOut(v.customerId(), heldOutShare) ? heldOut : training).add(e);
        }
        return new TimeSplit(cutoff, outcomeEnd, heldOutShare, List.copyOf(training), List.copyOf(heldOut));
    }

    /** Whether a customer is held out: a 64-bit mix of the id's hash, as a fraction, below the share. */
    static boolean heldOut(String customerId, double share) {
        long h = customerId.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53 < share;
    }

    /** Evaluates a model (fitted on the training part) on the held-out part. */
    public Evaluation evaluate(PropensityModel model) {
        double[] p = heldOut.stream().mapToDouble(e -> model.probability(e.features())).toArray();
        boolean[] y = new boolean[heldOut.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = heldOut.get(i).outcome();
        }
        return Evaluation.of(p, y);
    }
}
