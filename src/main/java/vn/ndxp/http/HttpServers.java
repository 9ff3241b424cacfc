package vn.ndxp.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK's {@link HttpServer}s of this project with {@code TCP_NODELAY} on.
 *
 * <p>The JDK server writes a response's headers and its body as two writes. With Nagle's
 * algorithm on, the small body waits for the ACK of the headers, which the client delays by
 * about 40 ms: every answer of the schema registry took about 45 ms on loopback, less than 1 ms
 * without. The server reads its only switch, the system property {@value #NO_DELAY}, once per
 * JVM when it creates its first server, so it is set here, ahead of that, unless it was set
 * on the command line. (The JDK's HTTP client already sets {@code TCP_NODELAY} on its side.)
 */
public final class HttpServers {
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private HttpServers() {}

    /** An unstarted server bound to {@code host:port} (0 for any free port), with the system's default backlog. */
    public static HttpServer create(String host, int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), 0);
    }
}
