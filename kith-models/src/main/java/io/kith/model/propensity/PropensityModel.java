package io.kith.model.propensity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.model.Contribution;
import io.kith.model.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A fitted logistic regression: P(outcome) = σ(β₀ + Σ βⱼ (xⱼ − meanⱼ)/sdⱼ). Each feature's contribution to a
 * customer's log-odds is βⱼ (xⱼ − meanⱼ)/sdⱼ: how far the customer is from the average customer in that feature,
 * weighted. Immutable and thread-safe.
 */
public final class PropensityModel {
    /** The revision of the formulas in a {@link ModelVersion}. */
    public static final int REVISION = 1;
    /** How many contributions an explanation names. */
    static final int TOP = 3;

    private final List<String> names;
    private final double[] mean;
    private final double[] sd;
    private final double intercept;
    private final double[] coefficients;
    private final double lambda;
    private final int trainedOn;
    private final ModelVersion version;

    PropensityModel(String name, List<String> names, double[] mean, double[] sd, double intercept, double[] coefficients, double lambda,
            int trainedOn) {
        this.names = List.copyOf(names);
        this.mean = mean.clone();
        this.sd = sd.clone();
        this.intercept = intercept;
        this.coefficients = coefficients.clone();
        this.lambda = lambda;
        this.trainedOn = trainedOn;
        double[] all = new double[3 * names.size() + 1];
        all[0] = intercept;
        for (int j = 0; j < names.size(); j++) {
            all[1 + 3 * j] = coefficients[j];
            all[2 + 3 * j] = mean[j];
            all[3 + 3 * j] = sd[j];
        }
        this.version = ModelVersion.of(name, REVISION, all);
    }

    public List<String> featureNames() {
        return names;
    }

    /** The coefficient per standard deviation of each feature, in the order of {@link #featureNames()}. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    public double intercept() {
        return intercept;
    }

    public double lambda() {
        return lambda;
    }

    public int trainedOn() {
        return trainedOn;
    }

    public ModelVersion version() {
        return version;
    }

    /** The probability alone. */
    public double probability(FeatureVector f) {
        check(f);
        double z = intercept;
        for (int j = 0; j < coefficients.length; j++) {
            z += coefficients[j] * (f.value(j) - mean[j]) / sd[j];
        }
        return LogisticRegression.sigmoid(z);
    }

    /** The probability with every feature's contribution and the top ones in words. */
    public PropensityPrediction predict(FeatureVector f) {
        double p = probability(f);
        List<Contribution> cs = new ArrayList<>();
        for (int j = 0; j < coefficients.length; j++) {
            cs.add(new Contribution(names.get(j), f.value(j), coefficients[j] * (f.value(j) - mean[j]) / sd[j]));
        }
        cs.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.effect())));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "P %.2f; ", p));
        for (int i = 0; i < Math.min(TOP, cs.size()); i++) {
            Contribution c = cs.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4g (%s%.2f)", c.feature(), c.value(),
                    c.effect() >= 0 ? "+" : "", c.effect()));
        }
        return new PropensityPrediction(f.customerId(), p, List.copyOf(cs), version, sb.toString());
    }

    private void check(FeatureVector f) {
        if (!f.names().equals(names)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + f.customerId() + " has features " + f.names()
                    + "; the model was fitted on " + names);
        }
    }
}
