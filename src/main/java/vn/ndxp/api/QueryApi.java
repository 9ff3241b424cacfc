package vn.ndxp.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.http.Call;
import vn.ndxp.http.Endpoint;
import vn.ndxp.http.Errors;
import vn.ndxp.http.Gzip;
import vn.ndxp.http.HttpService;
import vn.ndxp.http.JsonErrors;
import vn.ndxp.http.Reply;
import vn.ndxp.http.Routes;
import vn.ndxp.topology.Names;

/**
 * The interactive-query REST API: JSON over HTTP.
 *
 * <pre>
 * GET /api/v1/agencies                                   catalog agencies with today's counts
 * GET /api/v1/agencies/{code}/daily?date=YYYY-MM-DD      one agency's day, as consumer and provider, by status
 * GET /api/v1/services/{system}/health?window=1m|1d      a provider system's health per service:
 *        1m: &amp;minutes=N (1-360, default 5), the newest N minutes with requests, newest first
 *        1d: &amp;date=YYYY-MM-DD (default today)
 * GET /api/v1/flows?date=YYYY-MM-DD[&agency=CODE]        consumer agency → provider agency counts of a day
 * (flows and alerts are lists that grow: &amp;offset=N&amp;limit=N, default 0 and 100, limit at most 1000)
 * GET /api/v1/platform?date=YYYY-MM-DD                   platform-wide calls per minute of a day
 * GET /api/v1/alerts?since=T                             active alerts and every alert record since T
 *        (an ISO-8601 instant or date-time with offset, a local date, or epoch milliseconds; default: all kept)
 * GET /api/v1/instances                                  every instance of the app, its state and what it holds
 * GET /api/v1/openapi.json                               the OpenAPI 3 description of these routes
 * </pre>
 * "Today" is the newest local day with counts, as on /metrics. Dates and instants must lie in
 * years 1970 to 9999. 400 for a bad parameter or escape, 404 for an unknown path or catalog code,
 * 405 (with {@code Allow}) for a method other than GET or HEAD, 503 while the app starts or
 * rebalances; every error is a JSON {@link Views.ApiError}, never a stack trace.
 * {@code /internal/v1/*} are the same questions answered from this instance's stores only, for
 * the other instances; they never queue behind public questions, which may be waiting for them.
 *
 * <p>The server is bound before the streams client starts, because its address is the
 * {@code application.server} the client announces to the others.
 */
public final class QueryApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    static final String OPENAPI_PATH = "/api/v1/openapi.json";
    /** The OpenAPI 3 description of the public routes, written by hand; {@code QueryApiTest} checks it against them. */
    static final String OPENAPI_RESOURCE = "/api/openapi.json";
    private static final byte[] OPENAPI = openApi();
    // Public questions may wait on other instances: room for them and for the calls between instances.
    private static final int THREADS = 32;

    private final HttpService server;
    private volatile QueryService service;

    private QueryApi(String host, int port, UnaryOperator<Routes> more) {
        this.server = HttpService.start(HttpService.Options.of("query-api", host, port).withMaxThreads(THREADS),
                more.apply(routes()), errors());
    }

    /** Binds and starts serving; until {@link #serve} every question gets a 503. Port 0 picks a free one. */
    public static QueryApi bind(String host, int port) {
        return bind(host, port, UnaryOperator.identity());
    }

    /** The same, with {@code more} routes on the same server (the console). */
    public static QueryApi bind(String host, int port, UnaryOperator<Routes> more) {
        QueryApi api = new QueryApi(host, port, more);
        log.info("Query API at http://{}:{}/api/v1/agencies", host, api.port());
        return api;
    }

    public int port() {
        return server.port();
    }

    /** Starts answering from {@code streams}, which announces {@code self} as its application.server. */
    public void serve(KafkaStreams streams, Catalog catalog, HostInfo self) {
        this.service = new QueryService(streams, catalog, self);
    }

    private Routes routes() {
        return internalRoutes(publicRoutes(new Routes()));
    }

    /** The public questions: answered by whichever instances hold the data. */
    private Routes publicRoutes(Routes routes) {
        return routes
                .get("/api/v1/agencies", json((s, call, st) -> s.agencies(st)))
                .get("/api/v1/agencies/{code}/daily", json((s, call, st) -> s.agencyDay(call.pathParam("code"), QueryParams.date(call.query()), st)))
                .get("/api/v1/services/{system}/health", json((s, call, st) -> {
                    Map<String, List<String>> query = call.query();
                    String window = QueryParams.window(query);
                    return s.health(call.pathParam("system"), window, "1d".equals(window) ? QueryParams.date(query) : null, QueryParams.minutes(query), st);
                }))
                .get("/api/v1/flows", json((s, call, st) -> s.flows(QueryParams.date(call.query()), QueryParams.optional(call.query(), "agency"),
                        Paging.of(call.query()), st)))
                .get("/api/v1/platform", json((s, call, st) -> s.platform(QueryParams.date(call.query()), st)))
                .get("/api/v1/alerts", json((s, call, st) -> s.alerts(QueryParams.since(call.query()), Paging.of(call.query()), st)))
                .get("/api/v1/instances", json((s, call, st) -> s.instances().all()))
                .get(OPENAPI_PATH, call -> Reply.of(200, Reply.JSON, OPENAPI));
    }

    /** The public routes, "GET /api/v1/...", as the server registers them. */
    List<String> publicRouteTable() {
        return publicRoutes(new Routes()).table();
    }

    private static byte[] openApi() {
        try (InputStream in = QueryApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The questions other instances ask about this one's own stores. Unqueued: the public
     * questions that wait for them must not hold every thread they need.
     */
    private Routes internalRoutes(Routes routes) {
        return routes
                .getUnqueued("/internal/v1/state", internal(null, (s, local, call) -> s.instances().localState()))
                .getUnqueued("/internal/v1/newest-counts", internal(Names.DAILY_COUNTS_STORE, (s, local, call) -> local.newestCounts()))
                .getUnqueued("/internal/v1/daily-counts", internal(Names.DAILY_COUNTS_STORE,
                        (s, local, call) -> local.dailyCounts(call.query().getOrDefault("key", List.of()))))
                .getUnqueued("/internal/v1/health", internal(Names.SERVICE_DAILY_STORE, (s, local, call) -> {
                    Map<String, List<String>> query = call.query();
                    String window = QueryParams.window(query);
                    return QueryService.localHealth(local, QueryParams.required(query, "system"), window,
                            "1d".equals(window) ? QueryParams.date(query) : null, QueryParams.minutes(query), "");
                }))
                .getUnqueued("/internal/v1/flows", internal(Names.FLOWS_STORE, (s, local, call) -> local.flows(QueryParams.requiredDate(call.query()))))
                .getUnqueued("/internal/v1/platform",
                        internal(Names.PLATFORM_MINUTE_STORE, (s, local, call) -> local.platform(QueryParams.requiredDate(call.query()))))
                .getUnqueued("/internal/v1/alerts", internal(Names.ALERTS_STORE, (s, local, call) -> local.alerts(QueryParams.since(call.query()))));
    }

    /** A public question, answered from the service as JSON; marked stale if a standby answered part of it. */
    private interface Question {
        Object answer(QueryService service, Call call, Staleness staleness);
    }

    /** A question about this instance's own stores, from another instance. */
    private interface LocalQuestion {
        Object answer(QueryService service, LocalQueries local, Call call);
    }

    private QueryService service() {
        QueryService s = service;
        if (s == null) {
            throw ApiException.unavailable("the streams app is starting");
        }
        return s;
    }

    private Endpoint json(Question question) {
        return call -> {
            Staleness staleness = new Staleness();
            Object answer = question.answer(service(), call, staleness);
            if (!staleness.stale()) {
                return Gzip.ifAccepted(call, Reply.of(200, Reply.JSON, Json.write(answer)));
            }
            ObjectNode marked = Json.MAPPER.valueToTree(answer);
            marked.put("stale", true);
            if (staleness.offsetLag() != null) {
                marked.put("standbyOffsetLag", staleness.offsetLag());
            }
            return Gzip.ifAccepted(call, Reply.of(200, Reply.JSON, Json.write(marked)).withHeader(Staleness.HEADER, "true"));
        };
    }

    /**
     * Answers from this instance's active stores, or with {@code partitions=0,3} from the stale
     * stores (standby or active) of those partitions, then with their offset lag in a header.
     */
    private Endpoint internal(String store, LocalQuestion question) {
        return call -> {
            QueryService s = service();
            LocalQueries local = s.local(QueryParams.partitions(call.query()));
            Reply reply = Reply.of(200, Reply.JSON, Json.write(question.answer(s, local, call)));
            Long lag = store == null ? null : local.offsetLag(store);
            return lag == null ? reply : reply.withHeader(Peers.OFFSET_LAG, lag.toString());
        };
    }

    /** The API's own exceptions as their JSON errors; anything else is a 500 the log explains. */
    static Errors errors() {
        return new Errors() {
            @Override
            public Reply reply(int status, String message) {
                return JsonErrors.INSTANCE.reply(status, message);
            }

            @Override
            public Reply reply(Exception e) {
                if (e instanceof ApiException a) {
                    return JsonErrors.reply(a.status, a.code, a.getMessage());
                }
                if (e instanceof InvalidStateStoreException) {
                    return JsonErrors.reply(503, "unavailable", "state stores not queryable (starting or rebalancing)");
                }
                return null;
            }
        };
    }

    @Override
    public void close() {
        server.close();
    }
}
