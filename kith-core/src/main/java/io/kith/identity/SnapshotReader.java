package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder of what a {@link SnapshotWriter} wrote. A snapshot file is input like any other: every count and length is
 * checked against the bytes left before anything is allocated for it, so a damaged file fails with a
 * {@link Corrupt} instead of exhausting the heap (its checksum is only known at the end). Not thread-safe.
 */
final class SnapshotReader {
    /** The snapshot is not what a {@link SnapshotWriter} wrote: truncated, damaged or of another format. */
    static final class Corrupt extends IOException {
        Corrupt(String message) {
            super(message);
        }
    }

    /** The snapshot is sound but was made under something that has changed since (a source's region, for one). */
    static final class Stale extends IOException {
        Stale(String message) {
            super(message);
        }
    }

    private static final int MAX_JSON_DEPTH = 256;

    private final InputStream in;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    /** Bytes of the body not yet taken into the buffer. */
    private long unread;
    private final List<String> symbols = new ArrayList<>();

    SnapshotReader(InputStream in, long length) {
        this.in = in;
        this.unread = length;
        buf.limit(0);
    }

    private long left() {
        return unread + buf.remaining();
    }

    private void need(int bytes) throws IOException {
        if (buf.remaining() >= bytes) {
            return;
        }
        if (left() < bytes) {
            throw new Corrupt("the snapshot ends early");
        }
        buf.compact();
        while (buf.position() < bytes) {
            int want = (int) Math.min(buf.remaining(), unread);
            int n = in.read(buf.array(), buf.position(), want);
            if (n < 0) {
                throw new EOFException("the snapshot file is shorter than it says");
            }
            buf.position(buf.position() + n);
            unread -= n;
        }
        buf.flip();
    }

    int readByte() throws IOException {
        need(1);
        return buf.get() & 0xff;
    }

    boolean readBoolean() throws IOException {
        int b = readByte();
        if (b > 1) {
            throw new Corrupt("a boolean of " + b);
        }
        return b == 1;
    }

    int readInt() throws IOException {
        need(4);
        return buf.getInt();
    }

    long readLong() throws IOException {
        need(8);
        return buf.getLong();
    }

    /** A count of things of at least {@code bytesEach} bytes each, checked against what is left. */
    int readCount(int bytesEach) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 28) {
                throw new Corrupt("a count longer than five bytes");
            }
            int b = readByte();
            n |= (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (n < 0 || (long) n * bytesEach > left()) {
            throw new Corrupt("a count of " + n + " with " + left() + " bytes left");
        }
        return n;
    }

    byte[] readBytes() throws IOException {
        int len = readCount(1);
        byte[] out = new byte[len];
        readFully(out, 0, len);
        return out;
    }

    void readFully(byte[] out, int off, int len) throws IOException {
        while (len > 0) {
            need(1);
            int k = Math.min(len, buf.remaining());
            buf.get(out, off, k);
            off += k;
            len -= k;
        }
    }

    String readString() throws IOException {
        return readBoolean() ? new String(readBytes(), StandardCharsets.UTF_8) : null;
    }

    String readSymbol() throws IOException {
        int code = readCount(0);
        if (code == 0) {
            return null;
        }
        if (code == 1) {
            String s = new String(readBytes(), StandardCharsets.UTF_8);
            symbols.add(s);
            return s;
        }
        if (code - 2 >= symbols.size()) {
            throw new Corrupt("string number " + (code - 2) + " of " + symbols.size());
        }
        return symbols.get(code - 2);
    }

    /** An array of longs, at least {@code minLength} long (the rest zero). */
    long[] readLongs(int minLength) throws IOException {
        int n = readCount(8);
        long[] a = new long[Math.max(n, minLength)];
        for (int i = 0; i < n; ) {
            need(8);
            int k = Math.min(n - i, buf.remaining() / 8);
            buf.asLongBuffer().get(a, i, k);
            buf.position(buf.position() + 8 * k);
            i += k;
        }
        return a;
    }

    /** An array of ints, at least {@code minLength} long (the rest zero). */
    int[] readInts(int minLength) throws IOException {
        int n = readCount(4);
        int[] a = new int[Math.max(n, minLength)];
        for (int i = 0; i < n; ) {
            need(4);
            int k = Math.min(n - i, buf.remaining() / 4);
            buf.asIntBuffer().get(a, i, k);
            buf.position(buf.position() + 4 * k);
            i += k;
        }
        return a;
    }

    /** An identifier that may be null, checked as the {@link Identifier} record checks it. */
    Identifier readIdentifier() throws IOException {
        String type = readSymbol();
        if (type == null) {
            return null;
        }
        String value = readString();
        if (!Identifier.isTypeName(type) || value == null || value.isEmpty()) {
            throw new Corrupt("an identifier of type \"" + type + "\" with no value");
        }
        return new Identifier(type, value);
    }

    JsonNode readJson() throws IOException {
        return readJson(0);
    }

    private JsonNode readJson(int depth) throws IOException {
        if (depth > MAX_JSON_DEPTH) {
            throw new Corrupt("JSON nested deeper than " + MAX_JSON_DEPTH);
        }
        int tag = readByte();
        return switch (tag) {
            case 0 -> NullNode.getInstance();
            case 1, 2 -> BooleanNode.valueOf(tag == 2);
            case 3 -> {
                String s = readString();
                if (s == null) {
                    throw new Corrupt("a JSON string that is null");
                }
                yield TextNode.valueOf(s);
            }
            case 4 -> ShortNode.valueOf((short) readInt());
            case 5 -> IntNode.valueOf(readInt());
            case 6 -> LongNode.valueOf(readLong());
            case 7 -> BigIntegerNode.valueOf(bigInteger(readBytes()));
            case 8 -> FloatNode.valueOf(Float.intBitsToFloat(readInt()));
            case 9 -> DoubleNode.valueOf(Double.longBitsToDouble(readLong()));
            case 10 -> {
                int scale = readInt();
                yield DecimalNode.valueOf(new java.math.BigDecimal(bigInteger(readBytes()), scale));
            }
            case 11 -> {
                int n = readCount(1);
                ArrayNode a = new ArrayNode(JsonNodeFactory.instance, n);
                for (int i = 0; i < n; i++) {
                    a.add(readJson(depth + 1));
                }
                yield a;
            }
            case 12 -> {
                int n = readCount(2);
                ObjectNode o = new ObjectNode(JsonNodeFactory.instance);
                for (int i = 0; i < n; i++) {
                    String key = readSymbol();
                    if (key == null) {
                        throw new Corrupt("a JSON object key that is null");
                    }
                    o.set(key, readJson(depth + 1));
                }
                yield o;
            }
            default -> throw new Corrupt("a JSON value tagged " + tag);
        };
    }

    private static java.math.BigInteger bigInteger(byte[] b) throws Corrupt {
        if (b.length == 0) {
            throw new Corrupt("an empty big number");
        }
        return new java.math.BigInteger(b);
    }

    /** Bytes of the body not read yet. */
    long remaining() {
        return left();
    }
}
