package vn.ndxp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.time.VietnamCalendar;
import vn.ndxp.topology.analytics.HealthStats;

/**
 * The JSON documents of the query API, as records (Jackson writes their components in declaration
 * order, so every instance writes byte-identical answers). Times are ISO-8601 with the
 * Asia/Ho_Chi_Minh offset (+07:00), dates are local dates.
 */
public final class Views {
    private Views() {}

    /** Transactions by status; {@code total} is their sum. */
    public record StatusCounts(long total, long success, long clientError, long providerError, long timeout,
                               long rejected) {
        static final StatusCounts ZERO = new StatusCounts(0, 0, 0, 0, 0, 0);

        static StatusCounts of(long[] byStatus) {
            return new StatusCounts(byStatus[0] + byStatus[1] + byStatus[2] + byStatus[3] + byStatus[4],
                    byStatus[ExchangeStatus.SUCCESS.ordinal()], byStatus[ExchangeStatus.CLIENT_ERROR.ordinal()],
                    byStatus[ExchangeStatus.PROVIDER_ERROR.ordinal()], byStatus[ExchangeStatus.TIMEOUT.ordinal()],
                    byStatus[ExchangeStatus.REJECTED.ordinal()]);
        }

        static StatusCounts of(AgencyDailyCount c) {
            return c == null ? ZERO : new StatusCounts(c.getTotal(), c.getSuccess(), c.getClientError(),
                    c.getProviderError(), c.getTimeout(), c.getRejected());
        }

        StatusCounts plus(StatusCounts o) {
            return new StatusCounts(total + o.total, success + o.success, clientError + o.clientError,
                    providerError + o.providerError, timeout + o.timeout, rejected + o.rejected);
        }
    }

    /** One agency in one role on its newest local day, as a store holds it (between instances). */
    public record RoleDay(String agency, String role, String date, StatusCounts counts) {}

    /** {@code GET /api/v1/agencies}. */
    public record AgencyList(String date, List<AgencySummary> agencies) {}

    public record AgencySummary(String code, String kind, String nameVi, String nameEn, long consumer, long provider) {}

    /** {@code GET /api/v1/agencies/{code}/daily}: totals as consumer and provider, and by status. */
    public record AgencyDay(String agency, String date, long consumer, long provider, StatusCounts consumerByStatus,
                            StatusCounts providerByStatus) {}

    /** Latency quantiles in milliseconds (DDSketch, 1 % relative error); null without requests. */
    public record Latency(Double p50, Double p95, Double p99) {
        static Latency of(HealthStats s) {
            return new Latency(round(s.latencyMs(0.5)), round(s.latencyMs(0.95)), round(s.latencyMs(0.99)));
        }
    }

    /** Health of a service, or of the whole system when {@code service} is absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stats(String service, long requests, Map<String, Long> byStatus, double providerErrorRatio,
                        Latency latencyMs, long bytesIn, long bytesOut) {
        static Stats of(String service, HealthStats s) {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (ExchangeStatus st : ExchangeStatus.values()) {
                byStatus.put(st.name(), s.count(st));
            }
            double ratio = s.requests() == 0 ? 0 : Math.round(s.providerErrors() * 1e6 / s.requests()) / 1e6;
            return new Stats(service, s.requests(), byStatus, ratio, Latency.of(s), s.bytesIn(), s.bytesOut());
        }
    }

    public record HealthWindow(String start, String end, Stats total, List<Stats> services) {}

    /** {@code GET /api/v1/services/{system}/health}. */
    public record Health(String system, String agency, String window, List<HealthWindow> windows) {}

    public record Flow(String consumer, String provider, StatusCounts counts) {}

    /**
     * {@code GET /api/v1/flows}: {@code total} is the day's transactions over every flow; {@code flows}
     * one page of them, largest first, then by consumer and provider code.
     */
    public record Flows(String date, long total, Page page, List<Flow> flows) {}

    /**
     * Where a page lies in its list: its first item, the page size asked for, how many items the
     * whole list has, and the path of the following page (null on the last one).
     */
    public record Page(int offset, int limit, int count, String next) {}

    public record MinuteCount(String start, StatusCounts counts) {}

    /** {@code GET /api/v1/platform}: every minute of the day with calls. */
    public record Platform(String date, long total, List<MinuteCount> minutes) {}

    public record AlertView(String alertId, String type, String state, String subject, String agency, String time,
                            String raisedAt, Double observed, Double expected, Double threshold, String message) {
        static AlertView of(Alert a) {
            return new AlertView(a.getAlertId(), a.getType().name(), a.getState().name(), a.getSubject(), a.getAgency(),
                    Views.time(a.getTime()), Views.time(a.getRaisedAt()), round(a.getObserved()), round(a.getExpected()),
                    round(a.getThreshold()), a.getMessage());
        }
    }

    /**
     * {@code GET /api/v1/alerts}: the active alerts (all of them: one per subject and type at most),
     * and one page of the records since {@code since}, by time then alert id. Between instances
     * {@code page} is null and {@code alerts} whole.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertList(String since, List<AlertView> active, Page page, List<AlertView> alerts) {}

    /** {@code GET /api/v1/instances}: every instance of the application; {@code self} is the one answering. */
    public record Instances(String self, List<Instance> instances) {}

    /**
     * One instance: its {@code application.server}, whether it is the one answering, its
     * KafkaStreams state (null if it did not answer in time) and what it holds as active and as standby.
     */
    public record Instance(String server, boolean self, String state, Ownership active, Ownership standby) {}

    /** State stores, and the input partitions of the tasks, by topic. */
    public record Ownership(List<String> stores, Map<String, List<Integer>> partitions) {
        static final Ownership NONE = new Ownership(List.of(), Map.of());
    }

    /** An instance's KafkaStreams state, between instances. */
    public record InstanceState(String state) {}

    /** Every error: a status, a short code and a sentence. */
    public record ApiError(int status, String error, String message) {}

    static String time(Instant t) {
        return OffsetDateTime.ofInstant(t, VietnamCalendar.OFFSET).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static String time(long epochMillis) {
        return time(Instant.ofEpochMilli(epochMillis));
    }

    static String date(LocalDate d) {
        return d.toString();
    }

    /** Two decimals; null for NaN, which JSON cannot carry. */
    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}
