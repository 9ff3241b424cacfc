package vn.ndxp.runtime.registry;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import vn.ndxp.http.BasicAuth;
import vn.ndxp.http.HttpService;

/**
 * A schema registry in this JVM, speaking the subset of the Confluent Schema Registry REST API
 * that serializers, deserializers and operators use (register, look up, fetch by id, list
 * subjects and versions, check compatibility, read the config), so that the project runs without
 * Confluent's registry and any Confluent-compatible client works against it.
 *
 * <p>Compatibility is BACKWARD against a subject's latest version, as Confluent's default. State
 * is kept in {@code schemas.json} under the data dir and survives restarts. JSON Schema and
 * Protobuf schemas are stored and served but not checked for compatibility; no references, no
 * deletes, and the compatibility level cannot be changed.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    // A schema is text of a few KiB; Confluent's own clients send nothing near this.
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final HttpService server;
    private final String url;

    private EmbeddedSchemaRegistry(HttpService server, String scheme, String host) {
        this.server = server;
        this.url = scheme + "://" + host + ":" + server.port();
    }

    /**
     * Loads the state in {@code dataDir} (created if missing) and starts serving.
     *
     * @param host the address to bind, e.g. {@link #DEFAULT_HOST}; 0.0.0.0 for all interfaces
     * @param port the port, 0 for any free one
     * @throws UncheckedIOException if the state cannot be read or the port cannot be bound
     */
    public static EmbeddedSchemaRegistry start(String host, int port, Path dataDir) {
        return start(host, port, dataDir, null, null);
    }

    /**
     * The same, as a secured registry: with {@code auth} every request must carry a user's password
     * (a 401 answers one that does not, as Confluent's registry with basic authentication); with
     * {@code tls} it speaks HTTPS only.
     *
     * @param auth the users, or null for none
     * @param tls  the server's key, or null for plain HTTP
     */
    public static EmbeddedSchemaRegistry start(String host, int port, Path dataDir, BasicAuth auth, HttpService.Tls tls) {
        SchemaStore store = SchemaStore.open(dataDir);
        HttpService server = HttpService.start(
                HttpService.Options.of("schema-registry", host, port).withMaxBodyBytes(MAX_BODY_BYTES).withAuth(auth).withTls(tls),
                new RegistryHandler(store).routes(), RegistryHandler.errors());
        return new EmbeddedSchemaRegistry(server, tls == null ? "http" : "https", urlHost(host));
    }

    /** The host of the URL clients use: the bound address, or the loopback one for a wildcard. */
    private static String urlHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() ? "127.0.0.1"
                    : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}; {@code https://} with TLS. */
    public String url() {
        return url;
    }

    public int port() {
        return server.port();
    }

    /** Stops accepting requests and stops the worker threads; every registration is already on disk. */
    @Override
    public void close() {
        server.close();
    }
}
