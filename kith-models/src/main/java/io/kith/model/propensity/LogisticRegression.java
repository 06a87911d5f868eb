package io.kith.model.propensity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.List;

/**
 * Fits an L2-regularised logistic regression by iteratively reweighted least squares (Newton's method) on
 * standardised features: each feature is centred on its mean and divided by its standard deviation, so that the
 * penalty treats every feature alike and a coefficient reads as "log-odds per standard deviation". The intercept is
 * not penalised. Stops when no coefficient moves by more than 1e-8, or after 100 steps.
 */
public final class LogisticRegression {
    private final double lambda;

    /** @param lambda the L2 penalty on the standardised coefficients, summed over the examples (0: none) */
    public LogisticRegression(double lambda) {
        if (!(lambda >= 0)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the L2 penalty must be >= 0; got " + lambda);
        }
        this.lambda = lambda;
    }

    /**
     * Fits on the examples, which must all have the same feature names.
     *
     * @param name the model's name in its {@link io.kith.model.ModelVersion}, such as {@code purchase-propensity}
     */
    public PropensityModel fit(String name, List<LabelledExample> examples) {
        if (examples.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "logistic regression needs examples to fit");
        }
        List<String> names = examples.getFirst().features().names();
        int n = examples.size();
        int d = names.size();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (LabelledExample e : examples) {
            if (!e.features().names().equals(names)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + e.features().customerId() + " has features "
                        + e.features().names() + "; expected " + names);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += e.features().value(j) / n;
            }
        }
        for (LabelledExample e : examples) {
            for (int j = 0; j < d; j++) {
                double dv = e.features().value(j) - mean[j];
                sd[j] += dv * dv / n;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1; // a constant feature stays 0 after centring
        }
        // Design matrix with a leading 1 for the intercept.
        double[][] xs = new double[n][d + 1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            LabelledExample e = examples.get(i);
            xs[i][0] = 1;
            for (int j = 0; j < d; j++) {
                xs[i][j + 1] = (e.features().value(j) - mean[j]) / sd[j];
            }
            y[i] = e.outcome() ? 1 : 0;
        }
        double[] beta = new double[d + 1];
        int steps = 0;
        for (; steps < 100; steps++) {
            double[] gradient = new double[d + 1];
            double[][] hessian = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(beta, xs[i]));
                double w = Math.max(p * (1 - p), 1e-12);
                double r = y[i] - p;
                for (int a = 0; a <= d; a++) {
                    gradient[a] += r * xs[i][a];
                    double wa = w * xs[i][a];
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += wa * xs[i][b];
                    }
                }
            }
            for (int a = 1; a <= d; a++) {
                gradient[a] -= lambda * beta[a];
                hessian[a][a] += lambda;
            }
            for (int a = 0; a <= d; a++) {
                for (int b = a + 1; b <= d; b++) {
                    hessian[a][b] = hessian[b][a];
                }
                hessian[a][a] += 1e-9; // keeps a perfectly separable or constant column solvable
            }
            double[] step = solve(hessian, gradient);
            double largest = 0;
            for (int a = 0; a <= d; a++) {
                beta[a] += step[a];
                largest = Math.max(largest, Math.abs(step[a]));
            }
            if (largest < 1e-8) {
                break;
            }
        }
        double[] coefficients = java.util.Arrays.copyOfRange(beta, 1, d + 1);
        return new PropensityModel(name, names, mean, sd, beta[0], coefficients, lambda, n);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves the symmetric positive-definite system by Cholesky decomposition. */
    private static double[] solve(double[][] m, double[] v) {
        int n = v.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new KithException(ErrorCode.INVALID_ARGUMENT, "logistic regression: the features are collinear; add an L2 penalty");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = v[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
