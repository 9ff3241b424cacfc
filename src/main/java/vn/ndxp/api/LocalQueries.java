package vn.ndxp.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
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
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.LocalDays;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.Alerts;
import vn.ndxp.topology.analytics.Counts;
import vn.ndxp.topology.analytics.HealthStats;
import vn.ndxp.topology.analytics.SystemHealth;

/**
 * Reads this instance's own state stores (the partitions its tasks own). Each method answers one
 * internal endpoint; {@link QueryService} decides which instance to ask.
 */
final class LocalQueries {
    private static final long MINUTE = 60_000;

    private final KafkaStreams streams;

    LocalQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    private <T> T store(String name, QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    }

    private ReadOnlyKeyValueStore<String, byte[]> kv(String name) {
        return store(name, QueryableStoreTypes.keyValueStore());
    }

    private ReadOnlyWindowStore<String, byte[]> window(String name) {
        return store(name, QueryableStoreTypes.windowStore());
    }

    /** Daily counts by key ({@code AGENCY/role/YYYY-MM-DD}); absent keys are missing from the map. */
    Map<String, Views.StatusCounts> dailyCounts(List<String> keys) {
        ReadOnlyKeyValueStore<String, AgencyDailyCount> counts =
                store(Names.DAILY_COUNTS_STORE, QueryableStoreTypes.keyValueStore());
        Map<String, Views.StatusCounts> out = new LinkedHashMap<>();
        for (String key : keys) {
            AgencyDailyCount c = counts.get(key);
            if (c != null) {
                out.put(key, Views.StatusCounts.of(c));
            }
        }
        return out;
    }

    /** Per agency and role held here: its newest day and that day's counts. */
    List<Views.RoleDay> newestCounts() {
        ReadOnlyKeyValueStore<String, AgencyDailyCount> counts =
                store(Names.DAILY_COUNTS_STORE, QueryableStoreTypes.keyValueStore());
        Map<String, AgencyDailyCount> newest = new HashMap<>();
        try (KeyValueIterator<String, AgencyDailyCount> it = counts.all()) {
            while (it.hasNext()) {
                AgencyDailyCount c = it.next().value;
                String key = c.getAgency() + "/" + AgencyDayKey.roleLabel(c.getRole());
                AgencyDailyCount old = newest.get(key);
                if (old == null || c.getDate().isAfter(old.getDate())) {
                    newest.put(key, c);
                }
            }
        }
        List<Views.RoleDay> out = new ArrayList<>();
        newest.values().forEach(c -> out.add(new Views.RoleDay(c.getAgency(), AgencyDayKey.roleLabel(c.getRole()),
                c.getDate().toString(), Views.StatusCounts.of(c))));
        return out;
    }

    /** The system's daily health for {@code date}; null if the store has nothing for it. */
    Views.HealthWindow healthDay(String system, LocalDate date) {
        long start = LocalDays.endMillis(date.toEpochDay() - 1);
        byte[] v = window(Names.SERVICE_DAILY_STORE).fetch(system, start);
        return v == null ? null : healthWindow(SystemHealth.decode(v), start, LocalDays.endMillis(date.toEpochDay()));
    }

    /** The newest {@code count} minutes of the system that have requests, newest first. */
    List<Views.HealthWindow> healthMinutes(String system, int count) {
        List<Views.HealthWindow> out = new ArrayList<>();
        try (WindowStoreIterator<byte[]> it = window(Names.SERVICE_MINUTE_STORE)
                .backwardFetch(system, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext() && out.size() < count) {
                KeyValue<Long, byte[]> kv = it.next();
                out.add(healthWindow(SystemHealth.decode(kv.value), kv.key, kv.key + MINUTE));
            }
        }
        return out;
    }

    /** The agency of a system held here (from its newest health), or null. */
    String healthAgency(String system) {
        Counts.Totals t = Counts.Totals.decode(kv(Names.SERVICE_TOTALS_STORE).get(system));
        return t.agency().isEmpty() ? null : t.agency();
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
        try (KeyValueIterator<Windowed<String>, byte[]> it = window(Names.FLOWS_STORE)
                .fetchAll(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, byte[]> kv = it.next();
                String key = kv.key.key();
                int slash = key.indexOf('/');
                out.add(new Views.Flow(key.substring(0, slash), key.substring(slash + 1),
                        Views.StatusCounts.of(Counts.decode(kv.value))));
            }
        }
        return out;
    }

    /** Calls per minute of a local day, platform-wide (the owner of {@code D|date} holds them all). */
    List<Views.MinuteCount> platform(LocalDate date) {
        long start = LocalDays.endMillis(date.toEpochDay() - 1);
        List<Views.MinuteCount> out = new ArrayList<>();
        try (WindowStoreIterator<byte[]> it = window(Names.PLATFORM_MINUTE_STORE).fetch(date.toString(),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 86_400_000L - MINUTE))) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                out.add(new Views.MinuteCount(Views.time(kv.key), Views.StatusCounts.of(Counts.decode(kv.value))));
            }
        }
        return out;
    }

    /** Active alerts and the history since {@code since} of the systems held here. */
    Views.AlertList alerts(long since) {
        ReadOnlyKeyValueStore<String, byte[]> store = kv(Names.ALERTS_STORE);
        List<Views.AlertView> active = new ArrayList<>();
        for (Alert a : Alerts.active(store)) {
            active.add(Views.AlertView.of(a));
        }
        List<Views.AlertView> history = new ArrayList<>();
        for (Alert a : Alerts.since(store, since)) {
            history.add(Views.AlertView.of(a));
        }
        return new Views.AlertList(Views.time(since), active, null, history);
    }
}
