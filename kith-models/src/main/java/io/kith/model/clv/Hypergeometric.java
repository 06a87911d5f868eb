package io.kith.model.clv;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1}, as the logarithm, so that it
 * does not overflow for customers with many purchases (for {@code a = r + x}, {@code b = b + x} the terms first grow
 * like {@code (x z)^k / k!} before they fall).
 */
final class Hypergeometric {
    private static final int MAX_TERMS = 1_000_000;

    private Hypergeometric() {
    }

    /** {@code ln 2F1(a, b; c; z)}; the series must be positive, which holds when a, b and c are. */
    static double log2F1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1; got z = " + z);
        }
        if (z == 0) {
            return 0;
        }
        if (a > 0 && b > 0 && c > 0) {
            return logSeries(a, b, c, 1, z);
        }
        return Math.log(series(a, b, c, z));
    }

    /**
     * {@code 2F1(a, b; c; z)} summed plainly, for parameters at or below zero, where the terms change sign and the
     * value may be negative; c must not be zero or a negative integer (the poles of 2F1). BG/NBD never needs it (its
     * only pole is handled by {@link #logShiftedSeries}); it is here for Euler's transformation, whose parameters
     * c − a and c − b may be negative.
     */
    static double series(double a, double b, double c, double z) {
        double sum = 1;
        double term = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum) && k > Math.abs(a) + Math.abs(b) + Math.abs(c)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /**
     * {@code ln Σ_k (a)_k (b)_k / ((c)_k (2)_k) z^k}, which is {@code (c−1) · (2F1(a−1, b−1; c−1; z) − 1) / ((a−1)(b−1)z)}
     * and stays finite where {@code c − 1} is zero. BG/NBD needs it for a customer without repeat purchases when
     * {@code a + b = 1} (see {@code BgNbd.scaledOneMinusHyp}). All of a, b and c must be positive, and {@code 0 <= z < 1}.
     */
    static double logShiftedSeries(double a, double b, double c, double z) {
        if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1)) {
            throw new IllegalArgumentException("the shifted series needs a, b, c > 0 and 0 <= z < 1; got " + a + ", " + b
                    + ", " + c + ", " + z);
        }
        return z == 0 ? 0 : logSeries(a, b, c, 2, z);
    }

    /**
     * {@code ln Σ_k (a)_k (b)_k / ((c)_k (d)_k) z^k} (2F1 when d = 1) summed with the terms kept relative to a running
     * scale: each term follows from the last one by the ratio {@code (a+k)(b+k) z / ((c+k)(d+k))}, and when the sum
     * passes 1e280 both are divided by it and its logarithm added to the scale. No logarithm or exponential per term,
     * so it is fast, and it never overflows.
     */
    private static double logSeries(double a, double b, double c, double d, double z) {
        double scale = 0;
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (d + k)) * z;
            term *= ratio;
            sum += term;
            if (sum > 1e280) {
                scale += Math.log(sum);
                term /= sum;
                sum = 1;
            }
            if (ratio < 1 && term < 1e-17 * sum) {
                return scale + Math.log(sum);
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
