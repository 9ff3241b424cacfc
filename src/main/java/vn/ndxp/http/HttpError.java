package vn.ndxp.http;

import java.util.Map;

/** A request the server will not answer as asked: its status (4xx) and a message for the client. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, String> headers;

    public HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    HttpError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public int status() {
        return status;
    }

    /** Headers the answer must carry, such as {@code Allow} on a 405. */
    public Map<String, String> headers() {
        return headers;
    }
}
