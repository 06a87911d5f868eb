package io.kith.model.propensity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Arrays;
import java.util.List;

/**
 * One customer's named features, in the order of {@link #names}. Values must be finite; a missing value is for the
 * caller to fill (0, or a mean) and to say so.
 */
public record FeatureVector(String customerId, List<String> names, double[] values) {
    public FeatureVector {
        names = List.copyOf(names);
        values = values.clone();
        if (names.size() != values.length) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + customerId + ": " + names.size() + " feature names but "
                    + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + customerId + ": feature " + names.get(i) + " is " + values[i]);
            }
        }
    }

    /** The value of feature {@code i}. */
    public double value(int i) {
        return values[i];
    }

    /** This vector with more features after its own, such as support contacts, newsletter status or channel shares. */
    public FeatureVector plus(List<String> moreNames, double... moreValues) {
        List<String> n = new java.util.ArrayList<>(names);
        n.addAll(moreNames);
        double[] v = Arrays.copyOf(values, values.length + moreValues.length);
        System.arraycopy(moreValues, 0, v, values.length, moreValues.length);
        return new FeatureVector(customerId, n, v);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector f && f.customerId.equals(customerId) && f.names.equals(names) && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode() {
        return customerId.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureVector[" + customerId + ", " + names + "=" + Arrays.toString(values) + "]";
    }
}
