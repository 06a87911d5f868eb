package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Instant;
import java.util.Map;
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
    private BodyMeter meter = BodyMeter.NONE;

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

    /** The client's IP address as the connection shows it (a proxy's, behind one). */
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /** Whether the call came over TLS. */
    public boolean secure() {
        return request.isSecure();
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
            query = queryFields(request.getHttpURI().getQuery());
        }
        return query.getValue(name);
    }

    /** The query's fields, each name's values in order; a malformed percent-escape is a 400 ({@link PercentDecoding}). */
    private static Fields queryFields(String raw) {
        Fields fields = new Fields(true);
        PercentDecoding.pairs(raw, "the query", fields::add);
        return fields;
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
     * Makes {@link #body} charge every byte it reads to this meter: the collection API's share of the in-flight
     * bytes. Unset, bodies are bounded by their own limit alone.
     */
    public void meterBody(BodyMeter meter) {
        this.meter = meter;
    }

    /**
     * Reads the whole body, un-gzipping it when {@code Content-Encoding: gzip}, and fails with
     * {@link ErrorCode#BATCH_TOO_LARGE} once it exceeds {@code maxBytes}, counted as read, after decompression (and
     * the compressed bytes too); see {@link RequestBody}.
     */
    public byte[] body(int maxBytes, String limitName) {
        return RequestBody.read(Content.Source.asInputStream(request), request.getLength(),
                request.getHeaders().get(HttpHeader.CONTENT_ENCODING), maxBytes, limitName, meter);
    }
}
