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

    /**
     * A file of the jar, read and gzipped when first asked for, not at every start of the app
     * (ECharts alone is a megabyte), then kept.
     */
    private static final class File {
        private final String contentType;
        private final String resource;
        private final String cacheControl;
        private byte[] body;
        private byte[] gzipped;

        File(String contentType, String resource, String cacheControl) {
            this.contentType = contentType;
            this.resource = resource;
            this.cacheControl = cacheControl;
        }

        synchronized Reply reply(Call call) {
            if (body == null) {
                body = read(resource);
                gzipped = Gzip.compress(body);
            }
            Reply plain = Reply.of(200, contentType, body).withHeader("Cache-Control", cacheControl)
                    .withHeader("X-Content-Type-Options", "nosniff").withHeader("Vary", "Accept-Encoding");
            return Gzip.accepts(call.header("Accept-Encoding")) ? Gzip.compressed(plain, gzipped) : plain;
        }
    }

    private final Map<String, File> files = Map.of(
            "index.html", new File(HTML, "/console/index.html", REVALIDATE),
            "console.js", new File(JS, "/console/console.js", REVALIDATE),
            "console.css", new File(CSS, "/console/console.css", REVALIDATE),
            "runbook.md", new File(MARKDOWN, "/console/RUNBOOK.md", REVALIDATE),
            ECHARTS, new File(JS, "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js", IMMUTABLE));

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
