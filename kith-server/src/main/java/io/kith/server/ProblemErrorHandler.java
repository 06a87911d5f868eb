package io.kith.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty refuses before any route sees the request (a path with an encoded separator or a NUL, a header block over
 * its limit, a malformed request line) answered as Kith answers everything else: {@code application/problem+json} with a
 * code, not Jetty's HTML error page. The detail is Jetty's reason for a refusal (4xx), which names no request data, and
 * never an exception's text.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final Problems problems;

    ProblemErrorHandler(Problems problems) {
        this.problems = problems;
    }

    /** Errors after the request was parsed (a bad URI, an ambiguous path). */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String path = request.getHttpURI().getPath();
        HttpReply reply = reply(code, message, "/badMessage".equals(path) ? null : path); // Jetty's stand-in for a path it could not read
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    /** Errors while parsing the request (headers too large, a malformed request line): no request, so no path. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        HttpReply reply = reply(status, reason, null);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, reply.contentType()));
        return ByteBuffer.wrap(reply.body());
    }

    private HttpReply reply(int status, String reason, String path) {
        // Jetty's own reasons for a refused request are safe to say; for a failure (5xx) its message is the exception's
        // text, which may name a class or hold what the request carried: logged where it happened, not sent
        String detail = status >= 500 ? "internal error; see the server log"
                : reason == null || reason.isBlank() || reason.equals(Problems.title(status))
                ? "the request could not be read (a malformed percent-escape or a NUL in its path, or a header Kith does not take)" : reason;
        String code = status >= 500 ? "INTERNAL" : switch (status) {
            case 400 -> "BAD_REQUEST";
            case 413 -> "REQUEST_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            default -> "HTTP_" + status;
        };
        return problems.problem(status, code, detail, path == null ? "" : path);
    }
}
