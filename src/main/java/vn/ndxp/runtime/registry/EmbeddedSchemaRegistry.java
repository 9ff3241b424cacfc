package vn.ndxp.runtime.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import vn.ndxp.http.HttpServers;

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
    // Registrations are rare and lookups are cached by clients: a few threads are plenty.
    private static final int THREADS = 3;

    private final HttpServer server;
    private final ExecutorService executor;
    private final int port;
    private final String url;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        InetSocketAddress bound = server.getAddress();
        InetAddress address = bound.getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        this.port = bound.getPort();
        this.url = "http://" + host + ":" + port;
    }

    /**
     * Loads the state in {@code dataDir} (created if missing) and starts serving.
     *
     * @param host the address to bind, e.g. {@link #DEFAULT_HOST}; 0.0.0.0 for all interfaces
     * @param port the port, 0 for any free one
     * @throws UncheckedIOException if the state cannot be read or the port cannot be bound
     */
    public static EmbeddedSchemaRegistry start(String host, int port, Path dataDir) {
        SchemaStore store = SchemaStore.open(dataDir);
        HttpServer server;
        try {
            server = HttpServers.create(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the schema registry on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "schema-registry-http-" + threads.incrementAndGet());
            thread.setDaemon(true); // never keep the JVM alive on its own
            return thread;
        });
        server.createContext("/", new RegistryHandler(store));
        server.setExecutor(executor);
        server.start();
        return new EmbeddedSchemaRegistry(server, executor);
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** Stops accepting requests and stops the worker threads; every registration is already on disk. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
