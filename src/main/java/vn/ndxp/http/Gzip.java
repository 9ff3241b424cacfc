package vn.ndxp.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip for a reply when the client asks for it in {@code Accept-Encoding}, as Prometheus does for
 * every scrape. (Jetty's GzipHandler is deprecated in 12.1 for a module this project does not need.)
 */
public final class Gzip {
    private static final int MIN_BYTES = 1024;

    private Gzip() {}

    /** The reply gzipped if the client accepts gzip and the body is worth it; otherwise the reply. */
    public static Reply ifAccepted(Call call, Reply reply) {
        Reply varying = reply.withHeader("Vary", "Accept-Encoding");
        if (reply.body().length < MIN_BYTES || !accepts(call.header("Accept-Encoding"))) {
            return varying;
        }
        return compressed(varying, compress(reply.body()));
    }

    /** {@code reply} with {@code gzipped} (its body, compressed) as the body it sends. */
    public static Reply compressed(Reply reply, byte[] gzipped) {
        return new Reply(reply.status(), reply.contentType(), gzipped, reply.headers(), reply.onSent())
                .withHeader("Vary", "Accept-Encoding").withHeader("Content-Encoding", "gzip");
    }

    public static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** True if gzip is among the codings, without q=0. */
    public static boolean accepts(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.trim().split(";");
            String name = parts[0].trim();
            if (name.equals("gzip") || name.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].replace(" ", "");
                    if (p.startsWith("q=") && p.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
