package vn.ndxp.api;

import com.fasterxml.jackson.databind.JavaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import vn.ndxp.catalog.Agency;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.model.avro.Role;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Routing;

/**
 * Answers the public endpoints from whichever instances own the data: a keyed question goes to
 * the owner of the key ({@code queryMetadataForKey}), answered here if that is this instance and
 * over HTTP otherwise; a question about everything asks the active host of every partition at
 * once and merges. So every instance gives the same answer. When an active host does not answer
 * (or is not known during a rebalance), a standby answers from its stale stores
 * ({@link Failover}), and the {@link Staleness} of the request says so.
 */
final class QueryService {
    private final KafkaStreams streams;
    private final Catalog catalog;
    private final HostInfo self;
    private final LocalQueries local;
    private final Peers peers = new Peers();
    private final InstanceMetadata instances;
    private final Failover failover;

    QueryService(KafkaStreams streams, Catalog catalog, HostInfo self) {
        this.streams = streams;
        this.catalog = catalog;
        this.self = self;
        this.local = new LocalQueries(streams);
        this.instances = new InstanceMetadata(streams, self, peers);
        this.failover = new Failover(self);
    }

    /** This instance's active stores, or the stale stores of {@code partitions} if not null. */
    LocalQueries local(Set<Integer> partitions) {
        return partitions == null ? local : local.standby(partitions);
    }

    InstanceMetadata instances() {
        return instances;
    }

    // ---- public questions ----

    Views.AgencyList agencies(Staleness staleness) {
        List<Views.RoleDay> newest = newestCounts(staleness);
        LocalDate today = today(newest);
        Map<String, long[]> todays = new HashMap<>();
        for (Views.RoleDay r : newest) {
            if (today != null && r.date().equals(today.toString())) {
                todays.computeIfAbsent(r.agency(), a -> new long[2])[r.role().equals("consumer") ? 0 : 1] += r.counts().total();
            }
        }
        List<Views.AgencySummary> agencies = new ArrayList<>();
        for (Agency a : catalog.agencies()) {
            long[] c = todays.getOrDefault(a.code(), new long[2]);
            agencies.add(new Views.AgencySummary(a.code(), a.kind().name(), a.nameVi(), a.nameEn(), c[0], c[1]));
        }
        return new Views.AgencyList(today == null ? null : today.toString(), agencies);
    }

    Views.AgencyDay agencyDay(String code, LocalDate date, Staleness staleness) {
        if (catalog.agency(code).isEmpty()) {
            throw ApiException.notFound("unknown agency " + code);
        }
        LocalDate day = date != null ? date : todayOrNow(staleness);
        String consumerKey = AgencyDayKey.format(code, Role.CONSUMER, day.toEpochDay());
        String providerKey = AgencyDayKey.format(code, Role.PROVIDER, day.toEpochDay());
        Views.StatusCounts consumer = dailyCount(consumerKey, staleness);
        Views.StatusCounts provider = dailyCount(providerKey, staleness);
        return new Views.AgencyDay(code, day.toString(), consumer.total(), provider.total(), consumer, provider);
    }

    Views.Health health(String system, String window, LocalDate date, int minutes, Staleness staleness) {
        SystemInfo info = catalog.system(system)
                .orElseThrow(() -> ApiException.notFound("unknown system " + system));
        LocalDate day = "1d".equals(window) && date == null ? todayOrNow(staleness) : date;
        return keyed(Names.SERVICE_DAILY_STORE, Routing.system(system), staleness,
                here -> localHealth(here, system, window, day, minutes, info.agencyCode()),
                "/internal/v1/health?system=" + encode(system) + "&window=" + window
                        + (day == null ? "" : "&date=" + day) + "&minutes=" + minutes, type(Views.Health.class));
    }

    static Views.Health localHealth(LocalQueries local, String system, String window, LocalDate date, int minutes,
                                    String agency) {
        List<Views.HealthWindow> windows;
        if ("1d".equals(window)) {
            Views.HealthWindow w = local.healthDay(system, date);
            windows = w == null ? List.of() : List.of(w);
        } else {
            windows = local.healthMinutes(system, minutes);
        }
        String known = local.healthAgency(system);
        return new Views.Health(system, known != null ? known : agency, window, windows);
    }

    /** The flows of a day, or with {@code agency} only those from or to that agency. */
    Views.Flows flows(LocalDate date, String agency, Paging paging, Staleness staleness) {
        if (agency != null && catalog.agency(agency).isEmpty()) {
            throw ApiException.notFound("unknown agency " + agency);
        }
        LocalDate day = date != null ? date : todayOrNow(staleness);
        List<Views.Flow> flows = keyed(Names.FLOWS_STORE, Routing.day(day), staleness, here -> here.flows(day),
                "/internal/v1/flows?date=" + day, listOf(Views.Flow.class));
        List<Views.Flow> sorted = new ArrayList<>(flows.size());
        for (Views.Flow f : flows) {
            if (agency == null || f.consumer().equals(agency) || f.provider().equals(agency)) {
                sorted.add(f);
            }
        }
        sorted.sort(Comparator.comparingLong((Views.Flow f) -> -f.counts().total())
                .thenComparing(Views.Flow::consumer).thenComparing(Views.Flow::provider));
        String path = "/api/v1/flows?date=" + day + (agency == null ? "" : "&agency=" + agency);
        return new Views.Flows(day.toString(), sorted.stream().mapToLong(f -> f.counts().total()).sum(),
                paging.page(path, sorted.size()), paging.of(sorted));
    }

    Views.Platform platform(LocalDate date, Staleness staleness) {
        LocalDate day = date != null ? date : todayOrNow(staleness);
        List<Views.MinuteCount> minutes = keyed(Names.PLATFORM_MINUTE_STORE, Routing.day(day), staleness,
                here -> here.platform(day), "/internal/v1/platform?date=" + day, listOf(Views.MinuteCount.class));
        return new Views.Platform(day.toString(), minutes.stream().mapToLong(m -> m.counts().total()).sum(), minutes);
    }

    Views.AlertList alerts(long since, Paging paging, Staleness staleness) {
        List<Views.AlertView> active = new ArrayList<>();
        List<Views.AlertView> history = new ArrayList<>();
        for (Views.AlertList part : everyPartition(Names.ALERTS_STORE, staleness, here -> here.alerts(since),
                "/internal/v1/alerts?since=" + since, type(Views.AlertList.class))) {
            active.addAll(part.active());
            history.addAll(part.alerts());
        }
        Comparator<Views.AlertView> order = Comparator.comparing(Views.AlertView::time)
                .thenComparing(Views.AlertView::alertId).thenComparing(Views.AlertView::state);
        active.sort(order);
        history.sort(order);
        return new Views.AlertList(Views.time(since), active, paging.page("/api/v1/alerts?since=" + since, history.size()),
                paging.of(history));
    }

    // ---- plumbing ----

    /** Today: the newest local day in the counts of any instance, or null before the first count. */
    private static LocalDate today(List<Views.RoleDay> newest) {
        return newest.stream().map(r -> LocalDate.parse(r.date())).max(Comparator.naturalOrder()).orElse(null);
    }

    private LocalDate todayOrNow(Staleness staleness) {
        LocalDate today = today(newestCounts(staleness));
        return today != null ? today : LocalDate.now(vn.ndxp.time.LocalDays.ZONE);
    }

    private List<Views.RoleDay> newestCounts(Staleness staleness) {
        List<Views.RoleDay> all = new ArrayList<>();
        everyPartition(Names.DAILY_COUNTS_STORE, staleness, LocalQueries::newestCounts, "/internal/v1/newest-counts",
                listOf(Views.RoleDay.class)).forEach(all::addAll);
        return all;
    }

    private Views.StatusCounts dailyCount(String key, Staleness staleness) {
        Map<String, Views.StatusCounts> found = keyed(Names.DAILY_COUNTS_STORE, key, staleness,
                here -> here.dailyCounts(List.of(key)), "/internal/v1/daily-counts?key=" + encode(key),
                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Views.StatusCounts.class));
        return found.getOrDefault(key, Views.StatusCounts.ZERO);
    }

    /** A question about one key: its active host answers, or a standby if it does not. */
    private <T> T keyed(String store, String key, Staleness staleness, Function<LocalQueries, T> here, String path,
                        JavaType type) {
        KeyQueryMetadata m = streams.queryMetadataForKey(store, key, Routing.KEY_SERIALIZER);
        Answer<T> answer = failover.one(store, m == null ? KeyQueryMetadata.NOT_AVAILABLE : m, ask(store, here, path, type));
        staleness.add(answer);
        return answer.value();
    }

    /**
     * A question about everything in {@code store}: the active host of every partition at once
     * (each for all it holds), and standbys for the partitions of those that do not answer; so the
     * answer takes as long as the slowest instance, at most {@link Peers#DEADLINE} (twice when a
     * standby stands in), not the sum over instances.
     */
    private <T> List<T> everyPartition(String store, Staleness staleness, Function<LocalQueries, T> here, String path,
                                       JavaType type) {
        List<T> parts = new ArrayList<>();
        for (Answer<T> answer : failover.every(store, placement(store), ask(store, here, path, type))) {
            staleness.add(answer);
            parts.add(answer.value());
        }
        return parts;
    }

    /** Where each partition of the store lives: its metadata as if a key went to it. */
    private List<KeyQueryMetadata> placement(String store) {
        int[] count = {0};
        streams.queryMetadataForKey(store, "", (topic, key, value, partitions) -> {
            count[0] = partitions;
            return Optional.of(Set.of(0));
        });
        List<KeyQueryMetadata> out = new ArrayList<>();
        for (int p = 0; p < count[0]; p++) {
            int partition = p;
            KeyQueryMetadata m = streams.queryMetadataForKey(store, "",
                    (topic, key, value, partitions) -> Optional.of(Set.of(partition)));
            out.add(m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE)
                    ? new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), partition) : m);
        }
        return out;
    }

    /** The partitions of {@code store} whose active host is this instance. */
    private Set<Integer> activeHere(String store) {
        Set<Integer> here = new TreeSet<>();
        for (KeyQueryMetadata m : placement(store)) {
            if (self.equals(m.activeHost())) {
                here.add(m.partition());
            }
        }
        return here;
    }

    /** Asks an instance: this one from its stores, another over HTTP; stale stores when partitions are named. */
    private <T> Failover.Ask<T> ask(String store, Function<LocalQueries, T> here, String path, JavaType type) {
        return (host, partitions) -> {
            if (host.equals(self)) {
                try {
                    // Asked for all it holds: exactly the partitions the metadata names it active for.
                    LocalQueries l = partitions == null ? local.active(activeHere(store)) : local(partitions);
                    return CompletableFuture.completedFuture(new Answer<>(here.apply(l), partitions != null, l.offsetLag(store)));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            String scoped = partitions == null ? path : path + (path.contains("?") ? "&" : "?") + "partitions="
                    + partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
            return peers.answerAsync(host, scoped, type, partitions != null);
        };
    }

    private static JavaType type(Class<?> c) {
        return Json.MAPPER.constructType(c);
    }

    private static JavaType listOf(Class<?> c) {
        return Json.MAPPER.getTypeFactory().constructCollectionType(List.class, c);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
