package io.kith.imports;

import java.io.InputStream;

/** A stream of one byte repeated, for files too large to build in memory. */
final class Repeat extends InputStream {
    private final byte b;
    private long left;

    Repeat(byte b, long count) {
        this.b = b;
        this.left = count;
    }

    @Override
    public int read() {
        if (left == 0) {
            return -1;
        }
        left--;
        return b & 0xFF;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(buf, off, off + n, b);
        left -= n;
        return n;
    }
}
