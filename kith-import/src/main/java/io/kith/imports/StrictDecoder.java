package io.kith.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.HexFormat;

/**
 * The characters of a byte stream, decoded strictly: a byte sequence that is not valid in the charset comes back
 * as one {@link #MALFORMED} instead of a silent U+FFFD, so that the row holding it can be rejected while reading
 * goes on; a byte-order mark at the very start is skipped (Excel's "CSV UTF-8" writes one). Not thread-safe.
 */
final class StrictDecoder {
    static final int EOF = -1;
    static final int MALFORMED = -2;

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private boolean flushed;
    private boolean started;
    /** The bad bytes met after the chars now buffered, returned as MALFORMED once those are read. */
    private String pendingMalformed;
    private String lastMalformed = "";

    StrictDecoder(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next char, {@link #MALFORMED} for a bad byte sequence, or {@link #EOF}. */
    int read() throws IOException {
        while (true) {
            if (chars.hasRemaining()) {
                char c = chars.get();
                if (!started) {
                    started = true;
                    if (c == '\uFEFF') {
                        continue;
                    }
                }
                return c;
            }
            if (pendingMalformed != null) {
                lastMalformed = pendingMalformed;
                pendingMalformed = null;
                started = true;
                return MALFORMED;
            }
            if (flushed) {
                return EOF;
            }
            fill();
        }
    }

    /** What the last {@link #MALFORMED} was, for a reason: "invalid UTF-8 bytes 0xff 0xfe". */
    String lastMalformed() {
        return lastMalformed;
    }

    private void fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && pendingMalformed == null && !flushed) {
            CoderResult r = decoder.decode(bytes, chars, endOfInput);
            if (r.isError()) {
                byte[] bad = new byte[r.length()];
                bytes.get(bad);
                pendingMalformed = "invalid " + charset.name() + " bytes " + HexFormat.ofDelimiter(" ").withPrefix("0x").formatHex(bad);
            } else if (r.isOverflow()) {
                break;
            } else if (endOfInput) {
                decoder.flush(chars);
                flushed = true;
            } else {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
        }
        chars.flip();
    }
}
