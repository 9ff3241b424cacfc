package vn.ndxp.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error form of the query API and the metrics server:
 * {@code {"status":400,"error":"bad_request","message":"..."}}, with {@code error} a stable code
 * derived from the status and a {@code Retry-After} on a 503.
 */
public final class JsonErrors implements Errors {
    public static final JsonErrors INSTANCE = new JsonErrors();
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrors() {}

    @Override
    public Reply reply(int status, String message) {
        return reply(status, code(status), message);
    }

    /** An error with its own code, e.g. "unavailable". */
    public static Reply reply(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", code);
        body.put("message", message);
        try {
            Reply reply = Reply.of(status, Reply.JSON, JSON.writeValueAsBytes(body));
            return status == 503 ? reply.withHeader("Retry-After", "1") : reply;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code of a status, as the API names it. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal";
            case 503 -> "unavailable";
            default -> status >= 500 ? "server_error" : "client_error";
        };
    }
}
