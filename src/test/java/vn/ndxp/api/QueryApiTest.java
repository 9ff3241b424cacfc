package vn.ndxp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ndxp.testing.Http;

class QueryApiTest {

    private static Map<String, List<String>> q(String raw) {
        return QueryParams.parseQuery(raw);
    }

    @Test
    void sinceTakesInstantsOffsetsLocalDatesAndEpochMillis() {
        long expected = Instant.parse("2024-04-24T02:00:00Z").toEpochMilli();
        assertThat(QueryParams.since(q("since=2024-04-24T02:00:00Z"))).isEqualTo(expected);
        assertThat(QueryParams.since(q("since=2024-04-24T09:00:00%2B07:00"))).isEqualTo(expected);
        assertThat(QueryParams.since(q("since=" + expected))).isEqualTo(expected);
        assertThat(QueryParams.since(q("since=2024-04-24"))).as("local midnight")
                .isEqualTo(Instant.parse("2024-04-23T17:00:00Z").toEpochMilli());
        assertThat(QueryParams.since(q(""))).isZero();
        assertThatThrownBy(() -> QueryParams.since(q("since=yesterday"))).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(400));
    }

    @Test
    void datesAndInstantsOutsideYears1970To9999AreA400NotAnOverflow() {
        for (String since : List.of("since=%2B999999999-12-31T00:00:00Z", "since=-999999999-01-01T00:00:00Z",
                "since=99999999999999999999999", "since=9223372036854775807", "since=%2B10000-01-01",
                "since=1969-12-31T23:59:59Z", "since=%2B999999999-12-31T00:00:00%2B07:00")) {
            assertThatThrownBy(() -> QueryParams.since(q(since))).as(since).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(400));
        }
        assertThat(QueryParams.since(q("since=9999-12-31T23:59:59.999Z"))).isEqualTo(253402300799999L);
        for (String date : List.of("date=%2B999999999-12-31", "date=-999999999-01-01", "date=1969-12-31")) {
            assertThatThrownBy(() -> QueryParams.date(q(date))).as(date).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(400));
        }
        assertThatThrownBy(() -> q("since=%zz")).hasMessageContaining("bad percent-escape");
    }

    @Test
    void windowMinutesAndDateAreChecked() {
        assertThat(QueryParams.window(q(""))).isEqualTo("1m");
        assertThat(QueryParams.window(q("window=1d"))).isEqualTo("1d");
        assertThatThrownBy(() -> QueryParams.window(q("window=1h"))).hasMessageContaining("1m or 1d");
        assertThat(QueryParams.minutes(q("minutes=360"))).isEqualTo(360);
        assertThat(QueryParams.minutes(q(""))).isEqualTo(5);
        assertThatThrownBy(() -> QueryParams.minutes(q("minutes=361"))).hasMessageContaining("1 to 360");
        assertThatThrownBy(() -> QueryParams.minutes(q("minutes=x"))).hasMessageContaining("1 to 360");
        assertThat(QueryParams.date(q("date=2024-04-30"))).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThat(QueryParams.date(q("date="))).isNull();
        assertThatThrownBy(() -> QueryParams.date(q("date=2024-02-30"))).hasMessageContaining("YYYY-MM-DD");
    }

    @Test
    void pagesTakeOffsetAndLimitWithinBoundsAndLinkTheNextOne() {
        assertThat(Paging.of(q(""))).isEqualTo(new Paging(0, 100));
        assertThat(Paging.of(q("offset=200&limit=1000"))).isEqualTo(new Paging(200, 1000));
        for (String bad : List.of("limit=0", "limit=1001", "limit=-1", "limit=x", "offset=-1", "offset=1.5",
                "offset=99999999999", "limit=%2B5%20")) {
            assertThatThrownBy(() -> Paging.of(q(bad))).as(bad).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(400));
        }
        List<Integer> all = java.util.stream.IntStream.range(0, 250).boxed().toList();
        Paging first = new Paging(0, 100);
        assertThat(first.of(all)).hasSize(100).startsWith(0).endsWith(99);
        assertThat(first.page("/api/v1/flows?date=2024-04-24", all.size()))
                .isEqualTo(new Views.Page(0, 100, 250, "/api/v1/flows?date=2024-04-24&offset=100&limit=100"));
        Paging last = new Paging(200, 100);
        assertThat(last.of(all)).hasSize(50).startsWith(200).endsWith(249);
        assertThat(last.page("/x?a=1", all.size()).next()).isNull();
        assertThat(new Paging(300, 100).of(all)).isEmpty();
        assertThat(new Paging(Integer.MAX_VALUE, 1000).of(all)).isEmpty();
        assertThat(new Paging(150, 100).page("/x?a=1", 250).next()).as("exactly the last page").isNull();
    }

    @Test
    void theOpenApiDocumentServedDescribesExactlyThePublicRoutes() throws Exception {
        try (QueryApi api = QueryApi.bind("127.0.0.1", 0)) {
            HttpResponse<String> r = Http.get("http://127.0.0.1:" + api.port() + QueryApi.OPENAPI_PATH);
            assertThat(r.statusCode()).as("served before the streams client is attached").isEqualTo(200);
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            java.util.Set<String> documented = new java.util.TreeSet<>();
            doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
            List<String> routes = api.publicRouteTable();
            assertThat(routes).allMatch(route -> route.startsWith("GET /api/v1/"));
            assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
            for (JsonNode ref : doc.findValues("$ref")) {
                assertThat(doc.at(ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse();
            }
        }
    }

    @Test
    void beforeTheStreamsClientIsAttachedEveryQueryIsA503WithJson() throws Exception {
        try (QueryApi api = QueryApi.bind("127.0.0.1", 0)) {
            HttpResponse<String> r = Http.get("http://127.0.0.1:" + api.port() + "/api/v1/agencies");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertThat(body.get("error").asText()).isEqualTo("unavailable");
        }
    }
}
