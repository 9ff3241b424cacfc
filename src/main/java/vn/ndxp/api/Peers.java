package vn.ndxp.api;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Calls another instance's internal endpoints over HTTP (the address it gives as application.server). */
final class Peers {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    <T> T get(HostInfo host, String pathAndQuery, JavaType type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiException.unavailable("instance " + host + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host);
        }
        if (response.statusCode() != 200) {
            Views.ApiError error = Json.read(response.body(), Json.MAPPER.constructType(Views.ApiError.class));
            throw new ApiException(response.statusCode(), error.error(), error.message());
        }
        return Json.read(response.body(), type);
    }
}
