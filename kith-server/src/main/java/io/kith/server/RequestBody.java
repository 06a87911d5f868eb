package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads one request body into memory within a byte limit, un-gzipping it when its {@code Content-Encoding} says so.
 *
 * <p>The limit is checked as bytes arrive, never against what the client declares alone: a chunked body has no
 * declared length, and a gzip body's declared length is its compressed size (1 KB of gzip can hold 1 MB of
 * JSON, and nested deflate blocks far more). So the decompressed bytes are counted and the read stops at the
 * limit's first byte past, and the compressed bytes read are bounded by the same limit (empty deflate blocks
 * can make a stream of any length that decompresses to nothing).
 */
final class RequestBody {
    private static final int CHUNK = 8192;
    /** A refused body is read to its end, up to this much, so the connection can carry the client's next request. */
    private static final long DRAIN_LIMIT = 16L << 20;

    private RequestBody() {
    }

    /**
     * @param declared the {@code Content-Length}, or -1 when chunked
     * @param meter    charged with each decompressed byte as it is read
     * @throws KithException {@link ErrorCode#BATCH_TOO_LARGE} past the limit, {@link ErrorCode#UNSUPPORTED_ENCODING}
     *                       for an encoding other than gzip or identity, {@link ErrorCode#INVALID_ENCODING} for a
     *                       broken gzip stream, or what the meter throws
     */
    static byte[] read(InputStream raw, long declared, String encoding, int maxBytes, String limitName, BodyMeter meter) {
        boolean gzip = isGzip(encoding);
        if (declared > maxBytes) {
            drain(raw);
            throw tooLarge(declared, maxBytes, limitName, gzip ? "compressed " : "");
        }
        Bounded wire = new Bounded(raw, maxBytes, limitName, gzip);
        try (InputStream in = gzip ? new GZIPInputStream(wire, CHUNK) : wire) {
            return readAll(in, declared >= 0 && !gzip ? (int) declared : CHUNK, maxBytes, limitName, gzip ? "decompressed " : "", meter);
        } catch (KithException e) {
            drain(raw);
            throw e;
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw unreadable(e);
            }
            throw new KithException(ErrorCode.INVALID_ENCODING, "the body is declared gzip (Content-Encoding: " + encoding
                    + ") but is not a valid gzip stream: " + e.getMessage());
        } catch (IOException e) {
            throw unreadable(e);
        } catch (RuntimeException e) {
            if (e instanceof HttpException) {
                // Jetty's own refusal of the framing (a broken chunk): the client's mistake, not Kith's.
                throw unreadable(e);
            }
            throw e;
        }
    }

    private static byte[] readAll(InputStream in, int initial, int maxBytes, String limitName, String what, BodyMeter meter) throws IOException {
        byte[] buf = new byte[Math.max(1, Math.min(initial, maxBytes))];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n == maxBytes) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw tooLarge(maxBytes + 1L, maxBytes, limitName, what);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * buf.length, CHUNK), maxBytes));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            meter.charge(r);
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** Gzip ({@code gzip}, {@code x-gzip}) or nothing ({@code identity}, absent); anything else is refused. */
    private static boolean isGzip(String encoding) {
        if (encoding == null) {
            return false;
        }
        int gzips = 0;
        for (String part : encoding.split(",")) {
            String e = part.trim().toLowerCase(Locale.ROOT);
            if (e.equals("gzip") || e.equals("x-gzip")) {
                gzips++;
            } else if (!e.isEmpty() && !e.equals("identity")) {
                throw unsupported(encoding);
            }
        }
        if (gzips > 1) {
            throw unsupported(encoding);
        }
        return gzips == 1;
    }

    private static KithException unsupported(String encoding) {
        return new KithException(ErrorCode.UNSUPPORTED_ENCODING, "Content-Encoding \"" + encoding
                + "\" is not supported; send the body as is, or once gzip'd (Content-Encoding: gzip)");
    }

    private static KithException unreadable(Exception e) {
        return new KithException(ErrorCode.INVALID_ARGUMENT, "could not read the request body: " + e.getMessage(), e);
    }

    private static void drain(InputStream in) {
        byte[] sink = new byte[16 * 1024];
        long left = DRAIN_LIMIT;
        try {
            for (int n; left > 0 && (n = in.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away or broke the framing; there is nothing more to read
        }
    }

    private static KithException tooLarge(long seen, int max, String limitName, String what) {
        return new KithException(ErrorCode.BATCH_TOO_LARGE, limitName + " is limited to " + max + " bytes; this request's "
                + what + "body has " + (seen > max ? "more than " + max : seen) + " bytes");
    }

    /** The bytes on the wire, refused past the limit. */
    private static final class Bounded extends FilterInputStream {
        private final int max;
        private final String limitName;
        private final boolean compressed;
        private long seen;

        Bounded(InputStream in, int max, String limitName, boolean compressed) {
            super(in);
            this.max = max;
            this.limitName = limitName;
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0) {
                count(r);
            }
            return r;
        }

        private void count(int r) {
            seen += r;
            if (seen > max) {
                throw tooLarge(seen, max, limitName, compressed ? "compressed " : "");
            }
        }
    }
}
