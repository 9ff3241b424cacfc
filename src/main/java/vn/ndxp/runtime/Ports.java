package vn.ndxp.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.IntStream;

/** Free TCP ports on a given interface, for servers started with port 0. */
public final class Ports {
    private Ports() {}

    /**
     * A port free now and none of {@code taken}: the system may hand out a port it has just handed
     * out, once its socket is closed, so two servers about to start need distinct ones.
     */
    public static int free(String host, int... taken) {
        while (true) {
            int port = freeNow(host);
            if (IntStream.of(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }

    private static int freeNow(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
