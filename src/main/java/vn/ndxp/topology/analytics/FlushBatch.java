package vn.ndxp.topology.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.time.LocalDays;
import vn.ndxp.topology.AgencyDayKey;

/**
 * The records one flush of the combiners sends for their pending cells, keyed for their owner
 * ({@link Routing}): one per system (a few for a system with very many pending services), one per
 * local day with its flows and minute counts, and one per agency, role and day with its counts.
 * Grouped in hash maps (a lookup per cell) and sorted once, so that the same cells give the same
 * records in the same order.
 */
final class FlushBatch {
    private static final int MAX_SERVICES_PER_RECORD = 1_000;
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final Map<String, SystemBuilder> systems = new HashMap<>();
    private final Map<Long, DayBuilder> days = new HashMap<>();

    FlushBatch(Collection<PendingCell.Health> health, Collection<PendingCell.Consumer> consumers) {
        for (PendingCell.Health h : health) {
            SystemBuilder s = systems.computeIfAbsent(h.system, SystemBuilder::new);
            s.providerAgency = h.agency;
            s.services.add(new Partial.ServiceMinute(h.service, h.minute, h.stats));
            days.computeIfAbsent(LocalDays.epochDay(h.minute), DayBuilder::new).minute(h.minute, h.stats);
        }
        for (PendingCell.Consumer c : consumers) {
            SystemBuilder s = systems.computeIfAbsent(c.system, SystemBuilder::new);
            s.consumerAgency = c.agency;
            s.hours.add(new Partial.HourCount(c.hour, c.count, c.minuteBits));
            DayBuilder d = days.computeIfAbsent(LocalDays.epochDay(c.hour), DayBuilder::new);
            c.byProvider.forEach((provider, counts) -> d.flow(c.agency, provider, counts));
        }
    }

    boolean isEmpty() {
        return systems.isEmpty();
    }

    /** Sends the records, by key, in their order. */
    void sendTo(BiConsumer<String, Partial> out) {
        for (SystemBuilder s : sorted(systems.values(), Comparator.comparing(b -> b.system))) {
            for (Partial.SystemPartial p : s.build()) {
                out.accept(Routing.system(s.system), p);
            }
        }
        Map<String, long[]> agencyDays = new TreeMap<>();
        for (DayBuilder d : sorted(days.values(), Comparator.comparingLong(b -> b.epochDay))) {
            out.accept(Routing.day(d.epochDay), d.build());
            d.addAgencyDays(agencyDays);
        }
        agencyDays.forEach((key, byStatus) -> out.accept(key, new Partial.AgencyDayCounts(byStatus)));
    }

    private static <T> List<T> sorted(Collection<T> values, Comparator<T> order) {
        List<T> list = new ArrayList<>(values);
        list.sort(order);
        return list;
    }

    private static final class SystemBuilder {
        final String system;
        String providerAgency = "";
        String consumerAgency = "";
        final List<Partial.ServiceMinute> services = new ArrayList<>();
        final List<Partial.HourCount> hours = new ArrayList<>();

        SystemBuilder(String system) {
            this.system = system;
        }

        /** Usually one record; a system with very many pending cells is split so records stay small. */
        List<Partial.SystemPartial> build() {
            List<Partial.SystemPartial> out = new ArrayList<>();
            int from = 0;
            do {
                int to = Math.min(services.size(), from + MAX_SERVICES_PER_RECORD);
                boolean first = from == 0;
                out.add(new Partial.SystemPartial(system, providerAgency, services.subList(from, to),
                        first ? consumerAgency : "", first ? hours : List.of()));
                from = to;
            } while (from < services.size());
            return out;
        }
    }

    private static final class DayBuilder {
        final long epochDay;
        final Map<FlowKey, Partial.FlowDelta> flows = new HashMap<>();
        final Map<Long, long[]> minutes = new HashMap<>();

        DayBuilder(long epochDay) {
            this.epochDay = epochDay;
        }

        void flow(String consumer, String provider, long[] counts) {
            long[] sum = flows.computeIfAbsent(new FlowKey(consumer, provider),
                    k -> new Partial.FlowDelta(consumer, provider, new long[STATUSES.length])).byStatus();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += counts[i];
            }
        }

        void minute(long minute, HealthStats stats) {
            long[] sum = minutes.computeIfAbsent(minute, m -> new long[STATUSES.length]);
            for (ExchangeStatus s : STATUSES) {
                sum[s.ordinal()] += stats.count(s);
            }
        }

        /** Each flow counts once for its consumer agency and once for its provider agency. */
        void addAgencyDays(Map<String, long[]> sums) {
            for (Partial.FlowDelta f : flows.values()) {
                Counts.add(sums.computeIfAbsent(AgencyDayKey.format(f.consumerAgency(), Role.CONSUMER, epochDay),
                        k -> new long[STATUSES.length]), f.byStatus());
                Counts.add(sums.computeIfAbsent(AgencyDayKey.format(f.providerAgency(), Role.PROVIDER, epochDay),
                        k -> new long[STATUSES.length]), f.byStatus());
            }
        }

        Partial.DayPartial build() {
            List<Partial.MinuteCounts> m = new ArrayList<>(minutes.size());
            minutes.forEach((minute, counts) -> m.add(new Partial.MinuteCounts(minute, counts)));
            m.sort(Comparator.comparingLong(Partial.MinuteCounts::minuteStart));
            Comparator<Partial.FlowDelta> byAgencies = Comparator.comparing(Partial.FlowDelta::consumerAgency)
                    .thenComparing(Partial.FlowDelta::providerAgency);
            return new Partial.DayPartial(epochDay, sorted(flows.values(), byAgencies), m);
        }
    }

    private record FlowKey(String consumer, String provider) {}
}
