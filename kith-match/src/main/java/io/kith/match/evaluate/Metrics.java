package io.kith.match.evaluate;

/** Precision, recall and F1 from counts: predicted items, true items, and predicted items that are true. */
public record Metrics(long truePositives, long predicted, long actual) {
    public double precision() {
        return predicted == 0 ? 1.0 : (double) truePositives / predicted;
    }

    public double recall() {
        return actual == 0 ? 1.0 : (double) truePositives / actual;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "P %.4f R %.4f F1 %.4f (%d of %d predicted, %d true)", precision(), recall(), f1(),
                truePositives, predicted, actual);
    }
}
