package vn.ndxp.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.AgencyTotals;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Alerts;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.HealthStats;
import vn.ndxp.topology.analytics.SystemHealth;

/**
 * Reads this instance's own state stores: those of its active tasks, or ({@link #standby}) the
 * stale stores of some partitions, which a standby task keeps. Each method answers one internal
 * endpoint; {@link QueryService} decides which instance to ask.
 */
final class LocalQueries {
    private static final long MINUTE = 60_000;

    private final KafkaStreams streams;
    /** Null: every active partition; else these partitions. */
    private final Set<Integer> partitions;
    /** Whether the partitions' stale stores (a standby's) may answer. */
    private final boolean stale;

    LocalQueries(KafkaStreams streams) {
        this(streams, null, false);
    }

    private LocalQueries(KafkaStreams streams, Set<Integer> partitions, boolean stale) {
        this.streams = streams;
        this.partitions = partitions;
        this.stale = stale;
    }

    /** The same questions answered from the stale stores (standby or active) of {@code partitions}. */
    LocalQueries standby(Set<Integer> partitions) {
        return new LocalQueries(streams, Set.copyOf(partitions), true);
    }

    /**
     * The same questions answered from the active stores of exactly {@code partitions}: one that is
     * not queryable (moving here in a rebalance) fails the question instead of leaving its part out.
     */
    LocalQueries active(Set<Integer> partitions) {
        return new LocalQueries(streams, Set.copyOf(partitions), false);
    }

    /**
     * The largest offset lag of {@code store}'s partitions asked, from this instance's own view
     * ({@code allLocalStorePartitionLags}); null for active stores, or if it does not know.
     */
    Long offsetLag(String store) {
        if (partitions == null) {
            return null;
        }
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().getOrDefault(store, Map.of());
        Long max = null;
        for (int p : partitions) {
            LagInfo lag = lags.get(p);
            if (lag != null) {
                max = max == null ? lag.offsetLag() : Math.max(max, lag.offsetLag());
            }
        }
        return max;
    }

    /** The store of every active partition, or one per partition asked, stale ones allowed. */
    private <T> List<T> stores(String name, QueryableStoreType<T> type) {
        StoreQueryParameters<T> all = StoreQueryParameters.fromNameAndType(name, type);
        if (partitions == null) {
            return List.of(streams.store(all));
        }
        List<T> out = new ArrayList<>();
        for (int p : new TreeSet<>(partitions)) {
            out.add(streams.store((stale ? all.enableStaleStores() : all).withPartition(p)));
        }
        return out;
    }

    private List<ReadOnlyKeyValueStore<String, byte[]>> kv(String name) {
        return stores(name, QueryableStoreTypes.keyValueStore());
    }

    private List<ReadOnlyWindowStore<String, byte[]>> window(String name) {
        return stores(name, QueryableStoreTypes.windowStore());
    }

    /** Daily counts by key ({@code AGENCY/role/YYYY-MM-DD}); absent keys are missing from the map. */
    Map<String, Views.StatusCounts> dailyCounts(List<String> keys) {
        List<ReadOnlyKeyValueStore<String, AgencyDailyCount>> stores =
                stores(Names.DAILY_COUNTS_STORE, QueryableStoreTypes.keyValueStore());
        Map<String, Views.StatusCounts> out = new LinkedHashMap<>();
        for (String key : keys) {
            for (ReadOnlyKeyValueStore<String, AgencyDailyCount> counts : stores) {
                AgencyDailyCount c = counts.get(key);
                if (c != null) {
                    out.put(key, Views.StatusCounts.of(c));
                }
            }
        }
        return out;
    }

    /**
     * Per agency and role held here: its newest day and that day's counts, from the agencies'
     * totals (a key per agency and role in each counting task), not from every day kept.
     */
    List<Views.RoleDay> newestCounts() {
        Map<String, AgencyTotals> newest = new HashMap<>();
        for (ReadOnlyKeyValueStore<String, AgencyTotals> totals
                : stores(Names.AGENCY_TOTALS_STORE, QueryableStoreTypes.<String, AgencyTotals>keyValueStore())) {
            try (KeyValueIterator<String, AgencyTotals> it = totals.all()) {
                while (it.hasNext()) {
                    KeyValue<String, AgencyTotals> kv = it.next();
                    AgencyTotals old = newest.get(kv.key);
                    if (kv.value.newestDay() != Long.MIN_VALUE && (old == null || kv.value.newestDay() > old.newestDay())) {
                        newest.put(kv.key, kv.value);
                    }
                }
            }
        }
        List<Views.RoleDay> out = new ArrayList<>();
        newest.forEach((agencyRole, t) -> {
            out.add(new Views.RoleDay(AgencyDayKey.agencyOf(agencyRole), AgencyDayKey.roleOf(agencyRole),
                    LocalDate.ofEpochDay(t.newestDay()).toString(), Views.StatusCounts.of(t.newestByStatus())));
        });
        return out;
    }

    /** The system's daily health for {@code date}; null if the store has nothing for it. */
    Views.HealthWindow healthDay(String system, LocalDate date) {
        long start = LocalDays.endMillis(date.toEpochDay() - 1);
        for (ReadOnlyWindowStore<String, byte[]> store : window(Names.SERVICE_DAILY_STORE)) {
            byte[] v = store.fetch(system, start);
            if (v != null) {
                return healthWindow(SystemHealth.decode(v), start, LocalDays.endMillis(date.toEpochDay()));
            }
        }
        return null;
    }

    /** The newest {@code count} minutes of the system that have requests, newest first. */
    List<Views.HealthWindow> healthMinutes(String system, int count) {
        List<Views.HealthWindow> out = new ArrayList<>();
        // A system lives in one partition: the first store that knows it has all its minutes.
        for (ReadOnlyWindowStore<String, byte[]> store : window(Names.SERVICE_MINUTE_STORE)) {
            try (WindowStoreIterator<byte[]> it = store.backwardFetch(system, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
                while (it.hasNext() && out.size() < count) {
                    KeyValue<Long, byte[]> kv = it.next();
                    out.add(healthWindow(SystemHealth.decode(kv.value), kv.key, kv.key + MINUTE));
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** The agency of a system held here (from its newest health), or null. */
    String healthAgency(String system) {
        for (ReadOnlyKeyValueStore<String, byte[]> store : kv(Names.SERVICE_TOTALS_STORE)) {
            Counts.Totals t = Counts.Totals.decode(store.get(system));
            if (!t.agency().isEmpty()) {
                return t.agency();
            }
        }
        return null;
    }

    private static Views.HealthWindow healthWindow(SystemHealth h, long start, long end) {
        List<Views.Stats> services = new ArrayList<>();
        h.services().forEach((code, stats) -> services.add(Views.Stats.of(code, stats)));
        HealthStats total = h.total();
        return new Views.HealthWindow(Views.time(start), Views.time(end), Views.Stats.of(null, total), services);
    }

    /** The flows of a local day held here (the owner of {@code D|date} holds them all). */
    List<Views.Flow> flows(LocalDate date) {
        long start = LocalDays.endMillis(date.toEpochDay() - 1);
        List<Views.Flow> out = new ArrayList<>();
        for (ReadOnlyWindowStore<String, byte[]> store : window(Names.FLOWS_STORE)) {
            try (KeyValueIterator<Windowed<String>, byte[]> it = store.fetchAll(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start))) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, byte[]> kv = it.next();
                    String key = kv.key.key();
                    int slash = key.indexOf('/');
                    out.add(new Views.Flow(key.substring(0, slash), key.substring(slash + 1),
                            Views.StatusCounts.of(Counts.decode(kv.value))));
                }
            }
        }
        return out;
    }

    /** Calls per minute of a local day, platform-wide (the owner of {@code D|date} holds them all). */
    List<Views.MinuteCount> platform(LocalDate date) {
        long start = LocalDays.endMillis(date.toEpochDay() - 1);
        List<Views.MinuteCount> out = new ArrayList<>();
        for (ReadOnlyWindowStore<String, byte[]> store : window(Names.PLATFORM_MINUTE_STORE)) {
            try (WindowStoreIterator<byte[]> it = store.fetch(date.toString(),
                    Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 86_400_000L - MINUTE))) {
                while (it.hasNext()) {
                    KeyValue<Long, byte[]> kv = it.next();
                    out.add(new Views.MinuteCount(Views.time(kv.key), Views.StatusCounts.of(Counts.decode(kv.value))));
                }
            }
        }
        return out;
    }

    /** Active alerts and the history since {@code since} of the systems held here. */
    Views.AlertList alerts(long since) {
        List<Views.AlertView> active = new ArrayList<>();
        List<Views.AlertView> history = new ArrayList<>();
        for (ReadOnlyKeyValueStore<String, byte[]> store : kv(Names.ALERTS_STORE)) {
            for (Alert a : Alerts.active(store)) {
                active.add(Views.AlertView.of(a));
            }
            for (Alert a : Alerts.since(store, since)) {
                history.add(Views.AlertView.of(a));
            }
        }
        return new Views.AlertList(Views.time(since), active, null, history);
    }
}
