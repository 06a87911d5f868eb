package io.kith.model.cluster;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.model.Contribution;
import io.kith.model.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means++ on standardised features: each feature is centred on its mean and divided by its standard deviation, so
 * that no feature dominates by its unit; seeds are drawn by k-means++ (each next seed with probability proportional
 * to the squared distance to the nearest seed so far), then Lloyd's iterations run until no customer changes cluster
 * or 100 iterations. Without a given k, k from 2 to {@code maxK} is tried and the one with the highest mean
 * silhouette on a sample of at most {@code silhouetteSample} customers kept; above 100,000 customers, k is chosen on a
 * random 100,000 of them and only the chosen k is run on all. Deterministic for a seed. Written here rather than taken
 * from hipparchus-clustering, whose clusterer holds every customer as a point object and assigns them on one thread. The assignment
 * step runs in parallel over the common fork-join pool.
 */
public final class KMeans {
    /** The model's name in a {@link ModelVersion}. */
    public static final String NAME = "k-means";
    static final int REVISION = 1;
    private static final int MAX_ITERATIONS = 100;
    private static final double DESCRIBE = 0.5;
    /** Above this many customers, k is chosen on a random subset of this size. */
    static final int TRIAL = 100_000;

    private final long seed;
    private final int silhouetteSample;

    public KMeans(long seed, int silhouetteSample) {
        this.seed = seed;
        this.silhouetteSample = silhouetteSample;
    }

    /** 2,000 customers for the silhouette, seed 1. */
    public static KMeans defaults() {
        return new KMeans(1, 2000);
    }

    /** Clusters the rows into exactly k clusters. */
    public Clustering cluster(double[][] rows, List<FeatureWords> features, int k) {
        Standardised s = Standardised.of(rows, features.size());
        return result(s, features, lloyd(s.z, k), new double[0]);
    }

    /** Clusters the rows, choosing k in [2, maxK] by the mean silhouette. */
    public Clustering chooseK(double[][] rows, List<FeatureWords> features, int maxK) {
        if (maxK < 2) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "choosing k needs maxK >= 2; got " + maxK);
        }
        Standardised s = Standardised.of(rows, features.size());
        // On many customers k is chosen on a random subset of them (the silhouette is sampled anyway), and only the
        // chosen k is run on everyone: 1 full k-means instead of maxK - 1.
        double[][] trial = s.z;
        if (s.z.length > TRIAL) {
            int[] subset = new SplittableRandom(seed + 2).ints(0, s.z.length).distinct().limit(TRIAL).sorted().toArray();
            trial = new double[TRIAL][];
            for (int i = 0; i < TRIAL; i++) {
                trial[i] = s.z[subset[i]];
            }
        }
        int[] sample = sample(trial.length);
        double[] silhouettes = new double[maxK - 1];
        int bestK = 2;
        int[] best = null;
        for (int k = 2; k <= maxK; k++) {
            int[] a = lloyd(trial, k);
            silhouettes[k - 2] = silhouette(trial, a, k, sample);
            if (best == null || silhouettes[k - 2] > silhouettes[bestK - 2]) {
                bestK = k;
                best = a;
            }
        }
        return result(s, features, trial == s.z ? best : lloyd(s.z, bestK), silhouettes);
    }

    private int[] lloyd(double[][] z, int k) {
        int n = z.length;
        int d = n == 0 ? 0 : z[0].length;
        if (k < 1 || k > n) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "k-means needs 1 <= k <= the number of customers (" + n + "); got k = " + k);
        }
        double[][] centres = seeds(z, k);
        int[] assignment = new int[n];
        java.util.Arrays.fill(assignment, -1);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[][] c = centres;
            long changed = IntStream.range(0, n).parallel().filter(i -> {
                int nearest = nearest(z[i], c);
                boolean moved = nearest != assignment[i];
                assignment[i] = nearest;
                return moved;
            }).count();
            if (changed == 0) {
                break;
            }
            double[][] sum = new double[k][d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[assignment[i]]++;
                for (int j = 0; j < d; j++) {
                    sum[assignment[i]][j] += z[i][j];
                }
            }
            for (int c2 = 0; c2 < k; c2++) {
                if (count[c2] > 0) {
                    for (int j = 0; j < d; j++) {
                        sum[c2][j] /= count[c2];
                    }
                } else {
                    sum[c2] = centres[c2]; // an emptied cluster keeps its centre
                }
            }
            centres = sum;
        }
        return assignment;
    }

    /** k-means++ seeding. */
    private double[][] seeds(double[][] z, int k) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = z.length;
        double[][] centres = new double[k][];
        centres[0] = z[r.nextInt(n)].clone();
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            dist[i] = squared(z[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double v : dist) {
                total += v;
            }
            int pick = r.nextInt(n);
            if (total > 0) {
                double target = r.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= dist[i];
                    if (target <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centres[c] = z[pick].clone();
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], squared(z[i], centres[c]));
            }
        }
        return centres;
    }

    private int[] sample(int n) {
        if (n <= silhouetteSample) {
            return IntStream.range(0, n).toArray();
        }
        SplittableRandom r = new SplittableRandom(seed + 1);
        return r.ints(0, n).distinct().limit(silhouetteSample).sorted().toArray();
    }

    /** The mean silhouette (b − a)/max(a, b) of the sampled customers, distances within the sample. */
    static double silhouette(double[][] z, int[] assignment, int k, int[] sample) {
        double total = 0;
        int counted = 0;
        for (int i : sample) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j : sample) {
                if (i != j) {
                    sum[assignment[j]] += Math.sqrt(squared(z[i], z[j]));
                    count[assignment[j]]++;
                }
            }
            int own = assignment[i];
            if (count[own] == 0) {
                continue; // a singleton's silhouette is 0 by convention; it is left out of the mean
            }
            double a = sum[own] / count[own];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            if (Double.isInfinite(b)) {
                continue;
            }
            total += (b - a) / Math.max(a, b);
            counted++;
        }
        return counted == 0 ? 0 : total / counted;
    }

    private Clustering result(Standardised s, List<FeatureWords> features, int[] assignment, double[] silhouettes) {
        int k = java.util.Arrays.stream(assignment).max().orElse(-1) + 1;
        int d = features.size();
        double[][] zSum = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < assignment.length; i++) {
            count[assignment[i]]++;
            for (int j = 0; j < d; j++) {
                zSum[assignment[i]][j] += s.z[i][j];
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        double[] fingerprint = new double[k * d + 1];
        fingerprint[0] = k;
        for (int c = 0; c < k; c++) {
            List<Contribution> centroid = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                double z = count[c] == 0 ? 0 : zSum[c][j] / count[c];
                centroid.add(new Contribution(features.get(j).feature(), s.mean[j] + z * s.sd[j], z));
                fingerprint[1 + c * d + j] = z;
            }
            clusters.add(new Cluster(c, count[c], List.copyOf(centroid), describe(centroid, features)));
        }
        return new Clustering(List.copyOf(clusters), assignment, silhouettes, ModelVersion.of(NAME, REVISION, fingerprint));
    }

    static String describe(List<Contribution> centroid, List<FeatureWords> features) {
        List<Integer> notable = IntStream.range(0, centroid.size()).filter(j -> Math.abs(centroid.get(j).effect()) >= DESCRIBE).boxed()
                .sorted(Comparator.comparingDouble(j -> -Math.abs(centroid.get(j).effect()))).toList();
        if (notable.isEmpty()) {
            return "average";
        }
        List<String> words = new ArrayList<>();
        for (int j : notable) {
            words.add(centroid.get(j).effect() > 0 ? features.get(j).high() : features.get(j).low());
        }
        return String.join(", ", words);
    }

    private static int nearest(double[] x, double[][] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double dd = squared(x, centres[c]);
            if (dd < bestD) {
                bestD = dd;
                best = c;
            }
        }
        return best;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /** The rows as z-scores, with the means and standard deviations used. */
    private record Standardised(double[][] z, double[] mean, double[] sd) {
        static Standardised of(double[][] rows, int d) {
            int n = rows.length;
            double[] mean = new double[d];
            double[] sd = new double[d];
            for (double[] row : rows) {
                if (row.length != d) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "every row needs " + d + " features, one per name; got " + row.length);
                }
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / n;
                }
            }
            for (double[] row : rows) {
                for (int j = 0; j < d; j++) {
                    sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
                }
            }
            for (int j = 0; j < d; j++) {
                sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
            }
            double[][] z = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    z[i][j] = (rows[i][j] - mean[j]) / sd[j];
                }
            }
            return new Standardised(z, mean, sd);
        }
    }
}
