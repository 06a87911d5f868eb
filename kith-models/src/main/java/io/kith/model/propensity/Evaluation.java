package io.kith.model.propensity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well predicted probabilities separate and match the outcomes of held-out customers.
 *
 * @param auc      the area under the ROC curve by the Mann-Whitney U statistic (ties count half): the chance that a
 *                 random customer with the outcome is ranked above a random one without
 * @param brier    the mean squared difference between probability and outcome (0 is perfect; always predicting the
 *                 base rate p scores p(1−p))
 * @param baseRate the share of customers with the outcome
 * @param bins     reliability: customers grouped by predicted probability in tenths
 */
public record Evaluation(int customers, double baseRate, double auc, double brier, List<Bin> bins) {
    /** Customers whose predicted probability lies in [from, to): their mean prediction and their actual rate. */
    public record Bin(double from, double to, int customers, double meanPredicted, double actualRate) {
    }

    /** Evaluates predictions against outcomes, index by index. */
    public static Evaluation of(double[] predicted, boolean[] actual) {
        int n = predicted.length;
        if (n == 0 || actual.length != n) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "evaluation needs as many outcomes as predictions, at least one; got "
                    + n + " and " + actual.length);
        }
        return new Evaluation(n, rate(actual), auc(predicted, actual), brier(predicted, actual), bins(predicted, actual));
    }

    /** The Mann-Whitney AUC; NaN when all outcomes are alike. */
    public static double auc(double[] score, boolean[] actual) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // tied scores share their mean rank
            for (int k = i; k <= j; k++) {
                if (actual[order[k]]) {
                    positiveRankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double brier(double[] p, boolean[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - (y[i] ? 1 : 0);
            s += d * d;
        }
        return s / p.length;
    }

    private static double rate(boolean[] y) {
        int k = 0;
        for (boolean b : y) {
            k += b ? 1 : 0;
        }
        return (double) k / y.length;
    }

    private static List<Bin> bins(double[] p, boolean[] y) {
        int[] n = new int[10];
        double[] sum = new double[10];
        int[] pos = new int[10];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(9, (int) (p[i] * 10));
            n[b]++;
            sum[b] += p[i];
            pos[b] += y[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            if (n[b] > 0) {
                out.add(new Bin(b / 10.0, (b + 1) / 10.0, n[b], sum[b] / n[b], (double) pos[b] / n[b]));
            }
        }
        return List.copyOf(out);
    }
}
