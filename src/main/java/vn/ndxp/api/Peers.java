package vn.ndxp.api;

import com.fasterxml.jackson.databind.JavaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls another instance's internal endpoints over HTTP (the address it gives as application.server),
 * each call with its own deadline; calls to several instances run at once.
 */
final class Peers {
    static final Duration DEADLINE = Duration.ofSeconds(5);
    /** The header of an answer from stale stores: their largest offset lag behind the changelog's end. */
    static final String OFFSET_LAG = "Ndxp-Offset-Lag";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    <T> T get(HostInfo host, String pathAndQuery, JavaType type) {
        return join(getAsync(host, pathAndQuery, type));
    }

    /** The answer of {@code host}, or an {@link ApiException} 503 if it does not answer within {@link #DEADLINE}. */
    <T> CompletableFuture<T> getAsync(HostInfo host, String pathAndQuery, JavaType type) {
        return getAsync(host, pathAndQuery, type, DEADLINE);
    }

    /** The same with another deadline. */
    <T> CompletableFuture<T> getAsync(HostInfo host, String pathAndQuery, JavaType type, Duration deadline) {
        return send(host, pathAndQuery, deadline).thenApply(response -> Json.read(response.body(), type));
    }

    /**
     * The answer of {@code host} with what it says of its stores' freshness: {@code stale} is what
     * the caller asked for, the lag the {@link #OFFSET_LAG} header.
     */
    <T> CompletableFuture<Answer<T>> answerAsync(HostInfo host, String pathAndQuery, JavaType type, boolean stale) {
        return send(host, pathAndQuery, DEADLINE).thenApply(response -> new Answer<>(Json.read(response.body(), type),
                stale, response.headers().firstValue(OFFSET_LAG).map(Long::valueOf).orElse(null)));
    }

    private CompletableFuture<HttpResponse<String>> send(HostInfo host, String pathAndQuery, Duration deadline) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(deadline).GET().build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        throw ApiException.unavailable("instance " + host + " does not answer: " + cause);
                    }
                    if (response.statusCode() != 200) {
                        Views.ApiError e = Json.read(response.body(), Json.MAPPER.constructType(Views.ApiError.class));
                        throw new ApiException(response.statusCode(), e.error(), e.message());
                    }
                    return response;
                });
    }

    /** The value of a call, its ApiException rethrown as it is. */
    static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
