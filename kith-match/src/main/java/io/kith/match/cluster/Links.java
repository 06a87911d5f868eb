package io.kith.match.cluster;

import java.util.Arrays;

/** A growable list of scored links (record pairs with a match weight), compact: 12 bytes a link. Not thread-safe. */
public final class Links {
    private int[] left = new int[64];
    private int[] right = new int[64];
    private float[] weight = new float[64];
    private int size;

    public void add(int a, int b, double w) {
        if (size == left.length) {
            left = Arrays.copyOf(left, size * 2);
            right = Arrays.copyOf(right, size * 2);
            weight = Arrays.copyOf(weight, size * 2);
        }
        left[size] = a;
        right[size] = b;
        weight[size] = (float) w;
        size++;
    }

    public void addAll(Links other) {
        for (int i = 0; i < other.size; i++) {
            add(other.left[i], other.right[i], other.weight[i]);
        }
    }

    public int size() {
        return size;
    }

    public int left(int i) {
        return left[i];
    }

    public int right(int i) {
        return right[i];
    }

    public double weight(int i) {
        return weight[i];
    }
}
