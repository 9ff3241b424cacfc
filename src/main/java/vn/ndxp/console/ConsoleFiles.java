package vn.ndxp.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import vn.ndxp.http.Call;
import vn.ndxp.http.Gzip;
import vn.ndxp.http.Reply;

/**
 * The console's static files, read from the jar once: the page, its script and style, the runbook
 * (docker/prometheus/RUNBOOK.md, copied in by the build) and Apache ECharts from its WebJar. Only
 * these names are served: a request cannot name any other resource.
 */
final class ConsoleFiles {
    /** The WebJar's version, in the path the page asks for, so that a new version is never served from a cache. */
    static final String ECHARTS_VERSION = "5.3.1";
    static final String ECHARTS = "echarts-" + ECHARTS_VERSION + ".min.js";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String MARKDOWN = "text/markdown; charset=utf-8";
    // The page and its own files may change with the jar: the browser asks again each time.
    private static final String REVALIDATE = "no-cache";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** A file, and its body gzipped once, for the browsers that take it (all of them). */
    private record File(String contentType, byte[] body, byte[] gzipped, String cacheControl) {
        File(String contentType, byte[] body, String cacheControl) {
            this(contentType, body, Gzip.compress(body), cacheControl);
        }

        Reply reply(Call call) {
            Reply plain = Reply.of(200, contentType, body).withHeader("Cache-Control", cacheControl)
                    .withHeader("X-Content-Type-Options", "nosniff").withHeader("Vary", "Accept-Encoding");
            return Gzip.accepts(call.header("Accept-Encoding")) ? Gzip.compressed(plain, gzipped) : plain;
        }
    }

    private final Map<String, File> files;

    ConsoleFiles() {
        this.files = Map.of(
                "index.html", new File(HTML, read("/console/index.html"), REVALIDATE),
                "console.js", new File(JS, read("/console/console.js"), REVALIDATE),
                "console.css", new File(CSS, read("/console/console.css"), REVALIDATE),
                "runbook.md", new File(MARKDOWN, read("/console/RUNBOOK.md"), REVALIDATE),
                ECHARTS, new File(JS, read("/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION
                        + "/dist/echarts.min.js"), IMMUTABLE));
    }

    /** The page itself, with the headers that keep it from being framed or fed other scripts. */
    Reply page(Call call) {
        return files.get("index.html").reply(call)
                .withHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                        + "frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY");
    }

    Optional<Reply> file(Call call, String name) {
        File f = files.get(name);
        return f == null ? Optional.empty() : Optional.of(f.reply(call));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " (is the jar complete?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
