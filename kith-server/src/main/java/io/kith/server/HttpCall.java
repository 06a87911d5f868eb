package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** One incoming HTTP call as endpoints see it: headers, query, path parameters and a size-limited body. */
public final class HttpCall {
    private final Request request;
    private final Map<String, String> pathParams;
    private final Instant receivedAt;
    private Fields query;

    HttpCall(Request request, Map<String, String> pathParams, Instant receivedAt) {
        this.request = request;
        this.pathParams = pathParams;
        this.receivedAt = receivedAt;
    }

    /** When Kith received the call: the {@code receivedAt} of the events it carries. */
    public Instant receivedAt() {
        return receivedAt;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no path parameter {" + name + "}");
        }
        return v;
    }

    /** A query parameter, or null when absent. */
    public String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    /** A positive integer query parameter within bounds, or the default when absent. */
    public int queryInt(String name, int defaultValue, int max) {
        String v = query(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "query parameter '" + name + "' must be an integer from 1 to " + max + ", was \"" + v + "\"");
        }
    }

    /** Declared length of the body, or -1 when not declared (chunked). */
    public long contentLength() {
        return request.getLength();
    }

    /**
     * Reads the whole body, un-gzipping it when {@code Content-Encoding: gzip}, and fails with
     * {@link ErrorCode#BATCH_TOO_LARGE} once it exceeds {@code maxBytes} (counted after decompression).
     */
    public byte[] body(int maxBytes, String limitName) {
        long declared = request.getLength();
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.toLowerCase().contains("gzip");
        InputStream raw = Content.Source.asInputStream(request);
        if (!gzip && declared > maxBytes) {
            drain(raw);
            throw tooLarge(declared, maxBytes, limitName);
        }
        try (InputStream in = gzip ? new GZIPInputStream(raw, 8192) : raw) {
            byte[] buf = new byte[declared > 0 && !gzip ? (int) declared : 8192];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (buf.length > maxBytes) {
                        throw tooLarge(buf.length, maxBytes, limitName);
                    }
                    buf = java.util.Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, 8192), maxBytes + 1));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > maxBytes) {
                    drain(raw);
                    throw tooLarge(n, maxBytes, limitName);
                }
            }
            return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
        } catch (java.util.zip.ZipException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body is declared gzip (Content-Encoding: " + encoding + ") but is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "could not read the request body: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and discards the rest of a refused body (up to 16 MiB), so the connection can carry the client's
     * next request instead of being closed under it.
     */
    private static void drain(InputStream in) {
        byte[] sink = new byte[16 * 1024];
        long left = 16L << 20;
        try {
            for (int n; left > 0 && (n = in.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private static KithException tooLarge(long seen, int max, String limitName) {
        return new KithException(ErrorCode.BATCH_TOO_LARGE,
                limitName + " is limited to " + max + " bytes; this request's body has " + (seen > max ? "more than " + max : seen) + " bytes");
    }
}
