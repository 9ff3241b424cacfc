package vn.ndxp.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers: a status, a content type, the body and any extra headers; and what to
 * run once the whole reply has been handed to the client's connection ({@link #onSent}).
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers, Runnable onSent) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    private static final Runnable NOTHING = () -> { };

    public Reply {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(onSent, "onSent");
    }

    public Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, NOTHING);
    }

    public static Reply of(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, Map.of());
    }

    public static Reply of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header (replacing one of the same name). */
    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more, onSent);
    }

    /** This reply, running {@code sent} once it has been written out in full (not if the write fails). */
    public Reply onSent(Runnable sent) {
        return new Reply(status, contentType, body, headers, sent);
    }
}
