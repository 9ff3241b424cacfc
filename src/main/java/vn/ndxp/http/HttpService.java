package vn.ndxp.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server of this project on Jetty, set up the same way for all of them:
 * <ul>
 *   <li>requests are read without blocking, so idle or half-sent connections hold no thread, and
 *       a connection that sends nothing for {@link Options#idleTimeout()} is closed;</li>
 *   <li>request line and headers are bounded ({@link Options#maxHeaderBytes()}: 431 or 414 beyond), and so
 *       is a body ({@link Options#maxBodyBytes()}: 413 beyond);</li>
 *   <li>a bounded pool of threads, of which at most {@link #queryLimit} answer requests other than
 *       probes at once; more wait without a thread, so the probes always find one;</li>
 *   <li>every error, including those Jetty answers itself, has the server's {@link Errors} body;</li>
 *   <li>optionally, every request must carry a user's password ({@link BasicAuth}), and the server
 *       speaks HTTPS ({@link Tls}).</li>
 * </ul>
 */
public final class HttpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);
    // A request waits this long for a thread when every other one is busy before it gets a 503.
    private static final Duration MAX_QUEUED = Duration.ofSeconds(15);
    // Threads Jetty keeps for itself (an acceptor and a selector) plus room for the probes.
    private static final int NOT_FOR_QUERIES = 4;

    /**
     * @param name           names the threads
     * @param host           the address to bind, 0.0.0.0 for all interfaces
     * @param port           0 for any free port
     * @param maxThreads     the pool's size
     * @param idleTimeout    how long a connection may send nothing (also mid-request) before it is closed
     * @param maxHeaderBytes request line plus headers
     * @param maxBodyBytes   a request body
     * @param auth           the users every request must name, or null for none
     * @param tls            serve HTTPS with this key, or null for plain HTTP
     */
    public record Options(String name, String host, int port, int maxThreads, Duration idleTimeout,
                          int maxHeaderBytes, int maxBodyBytes, BasicAuth auth, Tls tls) {
        public Options {
            if (maxThreads < NOT_FOR_QUERIES + 2) {
                throw new IllegalArgumentException("at least " + (NOT_FOR_QUERIES + 2) + " threads, got " + maxThreads);
            }
        }

        /** 16 threads, 30 s idle timeout, 8 KiB of headers, 64 KiB of body, no authentication, plain HTTP. */
        public static Options of(String name, String host, int port) {
            return new Options(name, host, port, 16, Duration.ofSeconds(30), 8 * 1024, 64 * 1024, null, null);
        }

        public Options withMaxThreads(int n) {
            return new Options(name, host, port, n, idleTimeout, maxHeaderBytes, maxBodyBytes, auth, tls);
        }

        public Options withIdleTimeout(Duration d) {
            return new Options(name, host, port, maxThreads, d, maxHeaderBytes, maxBodyBytes, auth, tls);
        }

        public Options withMaxBodyBytes(int n) {
            return new Options(name, host, port, maxThreads, idleTimeout, maxHeaderBytes, n, auth, tls);
        }

        public Options withAuth(BasicAuth a) {
            return new Options(name, host, port, maxThreads, idleTimeout, maxHeaderBytes, maxBodyBytes, a, tls);
        }

        public Options withTls(Tls t) {
            return new Options(name, host, port, maxThreads, idleTimeout, maxHeaderBytes, maxBodyBytes, auth, t);
        }
    }

    /**
     * HTTPS: the server's key and certificate, and, if {@code trustStore} is given, the certificates
     * a client must present one of (mutual TLS). Key stores of the JDK's types (PKCS12, JKS).
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        public static Tls of(Path keyStore, String keyStorePassword) {
            return new Tls(keyStore, keyStorePassword, null, null);
        }

        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + (trustStore == null ? "" : ", clients trusted from " + trustStore) + "]";
        }
    }

    private final Server server;
    private final ServerConnector connector;

    private HttpService(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HttpService start(Options o, Routes routes, Errors errors) {
        QueuedThreadPool pool = new QueuedThreadPool(o.maxThreads(), 2);
        pool.setName(o.name() + "-http");
        pool.setDaemon(true); // never keep the JVM alive on its own
        pool.setReservedThreads(0);
        Server server = new Server(pool);
        server.setStopTimeout(0); // close open connections at once, as the JDK server did

        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(o.maxHeaderBytes());
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // The registry's subjects may hold an encoded '/': routes split the raw path, then decode.
        config.setUriCompliance(UriCompliance.DEFAULT.with("ndxp",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = o.tls() == null
                ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(config))
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(sslContext(o.tls()), "http/1.1"),
                        new HttpConnectionFactory(config));
        connector.setHost(o.host());
        connector.setPort(o.port());
        connector.setIdleTimeout(o.idleTimeout().toMillis());
        server.addConnector(connector);

        QoSHandler queries = new QoSHandler(new RoutingHandler(routes, errors, o.maxBodyBytes(), o.auth()));
        queries.setMaxRequestCount(queryLimit(o));
        queries.setMaxSuspend(MAX_QUEUED);
        queries.setRejectStatusCode(503);
        routes.unqueuedPaths().forEach(queries::excludePath);
        server.setHandler(queries);
        server.setErrorHandler(new ErrorBodies(errors));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            String why = "Cannot serve " + o.name() + " on " + o.host() + ":" + o.port() + ": " + e.getMessage();
            throw e instanceof IOException io ? new UncheckedIOException(why, io) : new IllegalStateException(why, e);
        }
        return new HttpService(server, connector);
    }

    private static SslContextFactory.Server sslContext(Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toString());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        if (tls.trustStore() != null) {
            ssl.setTrustStorePath(tls.trustStore().toString());
            ssl.setTrustStorePassword(tls.trustStorePassword());
            ssl.setNeedClientAuth(true);
        }
        return ssl;
    }

    /** Requests other than probes answered at once; the others wait, holding no thread. */
    static int queryLimit(Options o) {
        return o.maxThreads() - NOT_FOR_QUERIES;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The bound address, as the connector sees it. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping an HTTP server failed: {}", e.toString());
        }
    }
}
