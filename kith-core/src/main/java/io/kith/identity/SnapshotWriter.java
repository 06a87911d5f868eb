package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The encoder of an {@link IdentitySnapshot}'s body: little-endian numbers, variable-length counts, strings once each
 * (a repeated string is written as the number it got the first time: trait names, source ids and identifier types
 * repeat millions of times), primitive arrays in bulk, and JSON values with their node types, so that a value reads
 * back equal to what resolution held ({@code 19.90} stays a decimal of scale 2). Not thread-safe.
 */
final class SnapshotWriter {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final Object2IntOpenHashMap<String> symbols = new Object2IntOpenHashMap<>();

    SnapshotWriter(OutputStream out) {
        this.out = out;
        symbols.defaultReturnValue(-1);
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flush();
        }
    }

    /** Writes out what is buffered (call once at the end). */
    void flush() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    void writeByte(int b) throws IOException {
        room(1);
        buf.put((byte) b);
    }

    void writeBoolean(boolean b) throws IOException {
        writeByte(b ? 1 : 0);
    }

    void writeInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    void writeLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    /** An unsigned count or length, 7 bits a byte. */
    void writeCount(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("negative count " + n);
        }
        room(5);
        while (n >= 0x80) {
            buf.put((byte) (n | 0x80));
            n >>>= 7;
        }
        buf.put((byte) n);
    }

    void writeBytes(byte[] b, int off, int len) throws IOException {
        writeCount(len);
        if (len > buf.remaining()) {
            flush();
            out.write(b, off, len);
        } else {
            buf.put(b, off, len);
        }
    }

    /** A string that may be null. */
    void writeString(String s) throws IOException {
        if (s == null) {
            writeByte(0);
            return;
        }
        writeByte(1);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeBytes(b, 0, b.length);
    }

    /** A string that may be null and is likely to repeat: the first time in full, then by its number. */
    void writeSymbol(String s) throws IOException {
        if (s == null) {
            writeCount(0);
            return;
        }
        int known = symbols.getInt(s);
        if (known >= 0) {
            writeCount(known + 2);
            return;
        }
        symbols.put(s, symbols.size());
        writeCount(1);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeBytes(b, 0, b.length);
    }

    void writeLongs(long[] a, int n) throws IOException {
        writeCount(n);
        for (int i = 0; i < n; ) {
            room(8);
            int k = Math.min(n - i, buf.remaining() / 8);
            buf.asLongBuffer().put(a, i, k);
            buf.position(buf.position() + 8 * k);
            i += k;
        }
    }

    void writeInts(int[] a, int n) throws IOException {
        writeCount(n);
        for (int i = 0; i < n; ) {
            room(4);
            int k = Math.min(n - i, buf.remaining() / 4);
            buf.asIntBuffer().put(a, i, k);
            buf.position(buf.position() + 4 * k);
            i += k;
        }
    }

    /** An identifier that may be null. */
    void writeIdentifier(Identifier id) throws IOException {
        if (id == null) {
            writeSymbol(null);
            return;
        }
        writeSymbol(id.type());
        writeString(id.value());
    }

    /** A JSON value with its node types (see {@link SnapshotReader#readJson}). */
    void writeJson(JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case NULL -> writeByte(0);
            case BOOLEAN -> writeByte(n.booleanValue() ? 2 : 1);
            case STRING -> {
                writeByte(3);
                writeString(n.textValue());
            }
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> {
                        writeByte(n.isShort() ? 4 : 5);
                        writeInt(n.intValue());
                    }
                    case LONG -> {
                        writeByte(6);
                        writeLong(n.longValue());
                    }
                    case BIG_INTEGER -> {
                        writeByte(7);
                        byte[] b = n.bigIntegerValue().toByteArray();
                        writeBytes(b, 0, b.length);
                    }
                    case FLOAT -> {
                        writeByte(8);
                        writeInt(Float.floatToRawIntBits(n.floatValue()));
                    }
                    case DOUBLE -> {
                        writeByte(9);
                        writeLong(Double.doubleToRawLongBits(n.doubleValue()));
                    }
                    case BIG_DECIMAL -> {
                        writeByte(10);
                        java.math.BigDecimal d = n.decimalValue();
                        writeInt(d.scale());
                        byte[] b = d.unscaledValue().toByteArray();
                        writeBytes(b, 0, b.length);
                    }
                }
            }
            case ARRAY -> {
                writeByte(11);
                writeCount(n.size());
                for (JsonNode e : n) {
                    writeJson(e);
                }
            }
            case OBJECT -> {
                writeByte(12);
                writeCount(n.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    writeSymbol(e.getKey());
                    writeJson(e.getValue());
                }
            }
            default -> throw new IllegalArgumentException("a trait value of JSON node type " + n.getNodeType() + " cannot be kept in a snapshot");
        }
    }
}
