package vn.ndxp.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import vn.ndxp.http.Gzip;
import vn.ndxp.http.HttpError;
import vn.ndxp.http.Reply;
import vn.ndxp.http.Routes;
import vn.ndxp.api.QueryParams;
import vn.ndxp.catalog.Agency;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.time.VietnamCalendar;

/**
 * The live console, served by the query API's server: a read-only page at {@code /} that asks
 * the public API for the counts, and two feeds of its own for what the API does not hold.
 *
 * <pre>
 * GET /                              the page
 * GET /console/{file}                its script, style, the runbook and ECharts
 * GET /console/api/catalog           agencies and their systems, with names in Vietnamese and English
 * GET /console/api/overview?date=D   the reference day for D (default: today) and this process's signals
 * </pre>
 */
public final class Console {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An agency and its systems, for the agency page and the language switch. */
    record CatalogAgency(String code, String kind, String nameVi, String nameEn, List<CatalogSystem> systems) {}

    record CatalogSystem(String code, String kind, String nameVi, String nameEn, boolean consumer, boolean provider) {}

    private final ConsoleFiles files = new ConsoleFiles();
    private final byte[] catalog;
    private final Overview overview;
    private final InstantSource clock;

    /** @param loadgenMetrics a load generator's /metrics whose figures to show, or null */
    public Console(Catalog catalog, MeterRegistry registry, InstantSource clock, URI loadgenMetrics) {
        this.catalog = write(catalogView(catalog));
        this.overview = new Overview(registry, clock, loadgenMetrics);
        this.clock = clock;
    }

    /** Adds the console's routes to a server's. */
    public Routes addTo(Routes routes) {
        return routes
                .get("/", files::page)
                .get("/console/{file}", call -> files.file(call, call.pathParam("file"))
                        .orElseThrow(() -> new HttpError(404, "no console file " + call.pathParam("file"))))
                .get("/console/api/catalog", call -> Gzip.ifAccepted(call, Reply.of(200, Reply.JSON, catalog)))
                .get("/console/api/overview", call -> Gzip.ifAccepted(call, Reply.of(200, Reply.JSON,
                        write(overview.view(date(call.query()))))));
    }

    /** The date asked for, or today's on the wall clock in Asia/Ho_Chi_Minh. */
    private LocalDate date(Map<String, List<String>> query) {
        LocalDate d = QueryParams.date(query);
        return d != null ? d : VietnamCalendar.localDate(clock.instant());
    }

    private static List<CatalogAgency> catalogView(Catalog catalog) {
        return catalog.agencies().stream().map((Agency a) -> new CatalogAgency(a.code(), a.kind().name(), a.nameVi(),
                a.nameEn(), catalog.systemsOf(a.code()).stream().map((SystemInfo s) -> new CatalogSystem(s.code(),
                        s.kind().name(), s.nameVi(), s.nameEn(), s.isConsumer(), s.isProvider())).toList())).toList();
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
