package vn.ndxp.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A request as an endpoint sees it: method, decoded path parameters and query, headers and a bounded body. */
public final class Call {
    /** Parameters beyond this many in one query are refused: no endpoint takes more than a few. */
    static final int MAX_PARAMETERS = 100;

    /** Opens the request body. */
    interface Body {
        InputStream open() throws IOException;
    }

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final Body body;
    private final long contentLength;
    private final int maxBodyBytes;

    Call(String method, String path, Map<String, String> pathParams, String rawQuery, Function<String, String> headers,
         Body body, long contentLength, int maxBodyBytes) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.body = body;
        this.contentLength = contentLength;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded. */
    public String path() {
        return path;
    }

    /** A {@code {name}} segment of the route, percent-decoded. */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route has no {" + name + "}");
        }
        return v;
    }

    /** Every query parameter with its values, in order, percent-decoded. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** A request header, or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    /** The request body, at most the server's body limit (a longer one is a 413). */
    public byte[] body() {
        if (contentLength > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = body.open()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "the request body is larger than " + maxBodyBytes + " bytes");
    }

    /**
     * A raw query string ({@code a=1&b=x%20y}) as names with their values, each strictly
     * percent-decoded (a bad escape is a 400); a name without '=' has the value "".
     */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        String[] pairs = raw.split("&");
        if (pairs.length > MAX_PARAMETERS) {
            throw HttpError.badRequest("more than " + MAX_PARAMETERS + " query parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = Percent.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : Percent.decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
