package vn.ndxp.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.DateTimeException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import vn.ndxp.http.HttpError;
import vn.ndxp.http.Reply;
import vn.ndxp.http.Routes;
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
                .get("/", call -> files.page())
                .get("/console/{file}", call -> files.file(call.pathParam("file"))
                        .orElseThrow(() -> new HttpError(404, "no console file " + call.pathParam("file"))))
                .get("/console/api/catalog", call -> Reply.of(200, Reply.JSON, catalog))
                .get("/console/api/overview", call -> Reply.of(200, Reply.JSON,
                        write(overview.view(date(call.query().get("date"))))));
    }

    private LocalDate date(List<String> values) {
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return VietnamCalendar.localDate(clock.instant());
        }
        try {
            LocalDate d = LocalDate.parse(values.get(0));
            if (d.getYear() >= 1970 && d.getYear() <= 9999) {
                return d;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        String v = values.get(0);
        throw HttpError.badRequest("date must be YYYY-MM-DD from 1970 to 9999, got '"
                + (v.length() <= 64 ? v : v.substring(0, 64) + "...") + "'");
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
