package io.kith.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventParser;
import java.util.stream.Collectors;

/**
 * Request and response bodies of the management API as records bound by Jackson. A request body must be a JSON object
 * (an empty body reads as {@code {}}); a field of the wrong type is refused with its name (no number or boolean is taken
 * for a string), and fields the record does not name are ignored. Thread-safe.
 */
public final class JsonBody {
    private final ObjectMapper mapper;
    private final ObjectMapper strict;

    public JsonBody(ObjectMapper mapper) {
        this.mapper = mapper;
        this.strict = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * Reads the body as a {@code type}.
     *
     * @param what what the body holds, for messages: "an API key definition"
     * @throws KithException {@link ErrorCode#INVALID_JSON} for a body that is not JSON, {@link ErrorCode#INVALID_ARGUMENT}
     *                       for one that is not an object or has a field of the wrong type, and the limits of
     *                       {@link HttpCall#body}
     */
    public <T> T read(HttpCall call, int maxBytes, String what, Class<T> type) {
        return parse(call.body(maxBytes, what), what, type);
    }

    /** Reads {@code bytes} as a {@code type}, as {@link #read} does. */
    public <T> T parse(byte[] bytes, String what, Class<T> type) {
        JsonNode body;
        try {
            body = strict.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body could not be read: " + e.getMessage());
        }
        if (body == null || body.isMissingNode()) {
            body = strict.createObjectNode();
        }
        if (!body.isObject()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected " + what + " as a JSON object, got " + EventParser.describe(body));
        }
        // what no store can keep as sent (half a surrogate pair became "?" in a saved override), refused as events are
        io.kith.event.Rejection unstorable = io.kith.event.JsonValues.firstUnstorable(body, "$");
        if (unstorable != null) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, what + " at " + unstorable.path() + ": " + unstorable.message());
        }
        try {
            return strict.treeToValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'" + field + "' in " + what + " has the wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof KithException k) {
                throw k; // the record refused a value: its message says which
            }
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "cannot read " + what + ": " + e.getOriginalMessage());
        }
    }

    /** A JSON reply with {@code value} as its body. */
    public HttpReply reply(int status, Object value) {
        try {
            return HttpReply.json(status, mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write the reply as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
