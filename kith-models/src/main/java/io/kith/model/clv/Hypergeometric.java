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
            return logSeries(a, b, c, z);
        }
        return Math.log(series(a, b, c, z));
    }

    /**
     * {@code 2F1(a, b; c; z)} summed plainly, for parameters at or below zero, where the terms change sign and the
     * value may be negative. It does not overflow where BG/NBD uses it: only for a customer without repeat purchases
     * and a + b < 1, whose terms stay small.
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
     * The series summed with the terms kept relative to a running scale: each term follows from the last one by the
     * ratio {@code (a+k)(b+k) z / ((c+k)(k+1))}, and when the sum passes 1e280 both are divided by it and its
     * logarithm added to the scale. No logarithm or exponential per term, so it is fast, and it never overflows.
     */
    private static double logSeries(double a, double b, double c, double z) {
        double scale = 0;
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
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
