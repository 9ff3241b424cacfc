package vn.ndxp.api;

import com.fasterxml.jackson.databind.JavaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import vn.ndxp.model.avro.Role;
import vn.ndxp.simulator.catalog.Agency;
import vn.ndxp.simulator.catalog.Catalog;
import vn.ndxp.simulator.catalog.SystemInfo;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Routing;

/**
 * Answers the public endpoints from whichever instances own the data: a keyed question goes to
 * the owner of the key ({@code queryMetadataForKey}), answered here if that is this instance and
 * over HTTP otherwise; a question about everything asks every instance
 * ({@code streamsMetadataForStore}) at once and merges. So every instance gives the same answer.
 */
final class QueryService {
    private final KafkaStreams streams;
    private final Catalog catalog;
    private final HostInfo self;
    private final LocalQueries local;
    private final Peers peers = new Peers();
    private final InstanceMetadata instances;

    QueryService(KafkaStreams streams, Catalog catalog, HostInfo self) {
        this.streams = streams;
        this.catalog = catalog;
        this.self = self;
        this.local = new LocalQueries(streams);
        this.instances = new InstanceMetadata(streams, self, peers);
    }

    LocalQueries local() {
        return local;
    }

    InstanceMetadata instances() {
        return instances;
    }

    // ---- public questions ----

    Views.AgencyList agencies() {
        List<Views.RoleDay> newest = newestCounts();
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

    Views.AgencyDay agencyDay(String code, LocalDate date) {
        if (catalog.agency(code).isEmpty()) {
            throw ApiException.notFound("unknown agency " + code);
        }
        LocalDate day = date != null ? date : todayOrNow();
        String consumerKey = AgencyDayKey.format(code, Role.CONSUMER, day.toEpochDay());
        String providerKey = AgencyDayKey.format(code, Role.PROVIDER, day.toEpochDay());
        Views.StatusCounts consumer = dailyCount(consumerKey);
        Views.StatusCounts provider = dailyCount(providerKey);
        return new Views.AgencyDay(code, day.toString(), consumer.total(), provider.total(), consumer, provider);
    }

    Views.Health health(String system, String window, LocalDate date, int minutes) {
        SystemInfo info = catalog.system(system)
                .orElseThrow(() -> ApiException.notFound("unknown system " + system));
        LocalDate day = "1d".equals(window) && date == null ? todayOrNow() : date;
        HostInfo owner = owner(Names.SERVICE_DAILY_STORE, Routing.system(system));
        if (!owner.equals(self)) {
            return peers.get(owner, "/internal/v1/health?system=" + encode(system) + "&window=" + window
                    + (day == null ? "" : "&date=" + day) + "&minutes=" + minutes, type(Views.Health.class));
        }
        return localHealth(system, window, day, minutes, info.agencyCode());
    }

    Views.Health localHealth(String system, String window, LocalDate date, int minutes, String agency) {
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

    Views.Flows flows(LocalDate date, Paging paging) {
        LocalDate day = date != null ? date : todayOrNow();
        HostInfo owner = owner(Names.FLOWS_STORE, Routing.day(day));
        List<Views.Flow> flows = owner.equals(self) ? local.flows(day)
                : peers.get(owner, "/internal/v1/flows?date=" + day, listOf(Views.Flow.class));
        List<Views.Flow> sorted = new ArrayList<>(flows);
        sorted.sort(Comparator.comparingLong((Views.Flow f) -> -f.counts().total())
                .thenComparing(Views.Flow::consumer).thenComparing(Views.Flow::provider));
        return new Views.Flows(day.toString(), sorted.stream().mapToLong(f -> f.counts().total()).sum(),
                paging.page("/api/v1/flows?date=" + day, sorted.size()), paging.of(sorted));
    }

    Views.Platform platform(LocalDate date) {
        LocalDate day = date != null ? date : todayOrNow();
        HostInfo owner = owner(Names.PLATFORM_MINUTE_STORE, Routing.day(day));
        List<Views.MinuteCount> minutes = owner.equals(self) ? local.platform(day)
                : peers.get(owner, "/internal/v1/platform?date=" + day, listOf(Views.MinuteCount.class));
        return new Views.Platform(day.toString(), minutes.stream().mapToLong(m -> m.counts().total()).sum(), minutes);
    }

    Views.AlertList alerts(long since, Paging paging) {
        List<Views.AlertView> active = new ArrayList<>();
        List<Views.AlertView> history = new ArrayList<>();
        for (Views.AlertList part : everyInstance(Names.ALERTS_STORE, () -> local.alerts(since),
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

    private LocalDate todayOrNow() {
        LocalDate today = today(newestCounts());
        return today != null ? today : LocalDate.now(vn.ndxp.topology.LocalDays.ZONE);
    }

    private List<Views.RoleDay> newestCounts() {
        List<Views.RoleDay> all = new ArrayList<>();
        everyInstance(Names.DAILY_COUNTS_STORE, local::newestCounts, "/internal/v1/newest-counts",
                listOf(Views.RoleDay.class)).forEach(all::addAll);
        return all;
    }

    private Views.StatusCounts dailyCount(String key) {
        HostInfo owner = ownerOfStoreKey(Names.DAILY_COUNTS_STORE, key);
        Map<String, Views.StatusCounts> found = owner.equals(self) ? local.dailyCounts(List.of(key))
                : peers.get(owner, "/internal/v1/daily-counts?key=" + encode(key),
                        Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Views.StatusCounts.class));
        return found.getOrDefault(key, Views.StatusCounts.ZERO);
    }

    /** The instance whose task owns the partition of {@code routingKey} in the partials topic. */
    private HostInfo owner(String store, String routingKey) {
        return ownerOfStoreKey(store, routingKey);
    }

    private HostInfo ownerOfStoreKey(String store, String key) {
        KeyQueryMetadata m = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || m.activeHost() == null) {
            throw ApiException.unavailable("the owner of " + key + " is not known yet (starting or rebalancing)");
        }
        return m.activeHost();
    }

    /**
     * Asks every instance that hosts the store, the others all at once over HTTP while this one
     * answers from its own stores; so the answer takes as long as the slowest instance, at most
     * {@link Peers#DEADLINE}, not the sum over instances.
     */
    private <T> List<T> everyInstance(String store, Supplier<T> here, String path, JavaType type) {
        Collection<StreamsMetadata> instances = streams.streamsMetadataForStore(store);
        if (instances.isEmpty()) {
            throw ApiException.unavailable("no instance hosts " + store + " yet (starting or rebalancing)");
        }
        List<CompletableFuture<T>> others = new ArrayList<>();
        boolean hereToo = false;
        for (StreamsMetadata m : instances) {
            if (m.hostInfo().equals(self)) {
                hereToo = true;
            } else {
                others.add(peers.getAsync(m.hostInfo(), path, type));
            }
        }
        List<T> parts = new ArrayList<>();
        if (hereToo) {
            parts.add(here.get());
        }
        for (CompletableFuture<T> other : others) {
            parts.add(Peers.join(other));
        }
        return parts;
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
