package io.kith.model.clv;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1}, as the logarithm, so that it
 * does not overflow for customers with many purchases (for {@code a = r + x}, {@code b = b + x} the terms first grow
 * like {@code (x z)^k / k!} before they fall).
 */
final class Hypergeometric {
    private static final int MAX_TERMS = 1_000_000;
    /** A term below e^-40 of the sum changes no double. */
    private static final double NEGLIGIBLE = -40;

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
     * The series summed in log space: each term's logarithm follows from the last one's by the ratio
     * {@code (a+k)(b+k) z / ((c+k)(k+1))}, and the sum is kept as {@code max + ln(sum of exp(term - max))}.
     */
    private static double logSeries(double a, double b, double c, double z) {
        double logZ = Math.log(z);
        double logTerm = 0;
        double max = 0;
        double scaled = 1; // sum of exp(logTerm - max)
        for (int k = 0; k < MAX_TERMS; k++) {
            logTerm += Math.log((a + k) * (b + k) / ((c + k) * (k + 1))) + logZ;
            if (logTerm > max) {
                scaled = scaled * Math.exp(max - logTerm) + 1;
                max = logTerm;
            } else {
                scaled += Math.exp(logTerm - max);
            }
            boolean falling = (a + k) * (b + k) * z < (c + k) * (k + 1);
            if (falling && logTerm - max - Math.log(scaled) < NEGLIGIBLE) {
                return max + Math.log(scaled);
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
