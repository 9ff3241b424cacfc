package vn.ndxp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.HygieneKeys;
import vn.ndxp.topology.TaskCounters;

/**
 * The counts as Prometheus sees them, read from the topology's state stores just before each
 * scrape. Values come from the stores, never from counters bumped while processing, so they are
 * exactly what the exactly-once state holds: a reprocessed record cannot be counted twice here.
 *
 * <ul>
 *   <li>{@code ndxp_agency_transactions_today{agency,role}}: gauge, the current local day so far</li>
 *   <li>{@code ndxp_platform_transactions_today}: gauge, all transactions of the current local day</li>
 *   <li>{@code ndxp_transactions_total{agency,role,status}}: counter over all days counted, also those past the retention</li>
 *   <li>{@code ndxp_platform_transactions_total}: counter, all transactions of all days counted, each
 *       once; one series, cheap to watch often</li>
 *   <li>{@code ndxp_events_late_total}, {@code ndxp_events_duplicate_total},
 *       {@code ndxp_events_rejected_total{reason}}: input hygiene</li>
 *   <li>{@code ndxp_system_clock_ahead_seconds{system}}: gauge, for each consumer system whose
 *       events were set aside as clock-ahead, how far ahead the last one was (0 once in time again)</li>
 *   <li>{@code ndxp_dedup_ids}, {@code ndxp_dedup_max_ids}: gauges, the eventIds remembered to
 *       recognise redeliveries and their bound, summed over the input partitions of the instance,
 *       as of each partition's last commit</li>
 *   <li>{@code ndxp_dedup_ids_forgotten_early_total}: counter, eventIds forgotten at the bound
 *       before their time (a redelivery of one of them is counted again)</li>
 * </ul>
 *
 * Every rejection reason is registered from the start at 0, so that {@code rate()} and alerts see
 * a reason's first dead letter as an increase. So is every agency and role the catalog expects
 * ({@link #DailyCountsMetrics(CountsReader, TaskCounters, Collection)}): {@code increase()} over a
 * series that appears mid-range misses its first value, and summed over ~200 agency series and a
 * rolling deploy that came to a few percent. Reason labels come from {@link RejectReason}, a fixed
 * set; agency labels from the catalog and from counted events, whose codes it has vouched for.
 *
 * <p>Each instance of the app reports the partitions it owns: with several instances the platform
 * figure is the {@code sum} over instances of each series.
 */
public final class DailyCountsMetrics implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(DailyCountsMetrics.class);

    private final CountsReader reader;
    private final TaskCounters counters;
    private final List<String> expected;
    private final Set<String> bound = new HashSet<>();
    private MeterRegistry registry;
    private volatile CountsSnapshot snapshot = CountsSnapshot.EMPTY;

    /**
     * Counters from the stores' values as they are now: right for one instance that owns every task
     * for its whole life (tests); see {@link #DailyCountsMetrics(CountsReader, TaskCounters)}.
     */
    public DailyCountsMetrics(CountsReader reader) {
        this(reader, null);
    }

    /**
     * @param counters the {@code _total} counters by {@link TaskCounters} key: what this process's
     *                 tasks counted while they ran here, so that they add up over instances and
     *                 survive tasks moving between them ({@link TaskCounters})
     */
    public DailyCountsMetrics(CountsReader reader, TaskCounters counters) {
        this(reader, counters, List.of());
    }

    /**
     * @param expected {@code agency/role} pairs registered at 0 from the start (the catalog's
     *                 consumer and provider agencies); others are registered when first counted
     */
    public DailyCountsMetrics(CountsReader reader, TaskCounters counters, Collection<String> expected) {
        this.counters = counters;
        this.reader = reader;
        this.expected = List.copyOf(expected);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ndxp.platform.transactions.today", this, m -> m.snapshot.platformToday())
                .description("Transactions of the current local day (Asia/Ho_Chi_Minh) on the whole platform")
                .register(registry);
        FunctionCounter.builder("ndxp.platform.transactions", this, m -> m.counter(TaskCounters.PLATFORM))
                .description("Transactions counted on the whole platform over all days counted, each once")
                .register(registry);
        FunctionCounter.builder("ndxp.events.late", this, m -> m.counter(HygieneKeys.LATE))
                .description("Events that arrived after their local day's grace and were not counted")
                .register(registry);
        FunctionCounter.builder("ndxp.events.duplicate", this, m -> m.counter(HygieneKeys.DUPLICATE))
                .description("Redelivered events (an eventId already seen within the dedup window), not counted again")
                .register(registry);
        Gauge.builder("ndxp.dedup.ids", this, m -> m.snapshot.hygiene(HygieneKeys.DEDUP_IDS))
                .description("EventIds remembered to recognise redeliveries, summed over this instance's input partitions")
                .register(registry);
        Gauge.builder("ndxp.dedup.max.ids", this, m -> m.snapshot.hygiene(HygieneKeys.DEDUP_MAX_IDS))
                .description("The bound on remembered eventIds (--dedup-max-ids), summed over this instance's input partitions")
                .register(registry);
        FunctionCounter.builder("ndxp.dedup.ids.forgotten.early", this,
                        m -> m.counter(HygieneKeys.DEDUP_FORGOTTEN_EARLY))
                .description("EventIds forgotten before the dedup window's end because a partition reached --dedup-max-ids;"
                        + " a redelivery of such an event is counted again")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            bindRejected(HygieneKeys.rejected(reason.code()));
        }
        for (String agencyRole : expected) {
            bindAgencyRole(agencyRole);
        }
        refresh();
    }

    /** Reads the stores again; while they are unavailable (rebalancing, stopped) the last values stay. */
    public synchronized void refresh() {
        CountsSnapshot next;
        try {
            next = reader.read();
        } catch (InvalidStateStoreException | IllegalStateException e) { // rebalancing, or stopped
            log.debug("State stores not queryable yet: {}", e.getMessage());
            return;
        }
        snapshot = next;
        for (String agencyRole : next.agencyRoles()) {
            bindAgencyRole(agencyRole);
        }
        if (counters != null) {
            // An agency counted here whose task has moved on still has its counter.
            for (String key : counters.totals().keySet()) {
                if (key.startsWith("transactions/")) {
                    String[] p = key.split("/");
                    String agencyRole = p[1] + '/' + p[2];
                    bindAgencyRole(agencyRole);
                }
            }
        }
        for (String key : next.hygieneKeys()) {
            if (key.startsWith(HygieneKeys.REJECTED_PREFIX)) {
                bindRejected(key); // a reason of an older or newer version of the topology
            } else if (key.startsWith(HygieneKeys.CLOCK_AHEAD_PREFIX)) {
                bindClockAhead(key);
            }
        }
    }

    private void bindRejected(String key) {
        if (bound.add(key)) {
            FunctionCounter.builder("ndxp.events.rejected", this, m -> m.counter(key))
                    .description("Input records sent to the dead-letter topic, by reason")
                    .tag("reason", key.substring(HygieneKeys.REJECTED_PREFIX.length()))
                    .register(registry);
        }
    }

    /** Only systems that have been set aside as clock-ahead have the series: a bounded set, the catalog's systems. */
    private void bindClockAhead(String key) {
        if (bound.add(key)) {
            Gauge.builder("ndxp.system.clock.ahead", this, m -> m.snapshot.hygiene(key) / 1000.0)
                    .description("How far the consumer system's last event set aside as clock-ahead was ahead of the"
                            + " platform's event-time clock; 0 once its events are in time again")
                    .baseUnit("seconds")
                    .tag("system", key.substring(HygieneKeys.CLOCK_AHEAD_PREFIX.length()))
                    .register(registry);
        }
    }

    /** A {@code _total}: from the task counters, or without them from the stores as they are now. */
    private double counter(String key) {
        if (counters != null) {
            return counters.total(key);
        }
        CountsSnapshot s = snapshot;
        if (key.equals(TaskCounters.PLATFORM)) {
            return s.platformTotal();
        }
        if (key.startsWith("transactions/")) {
            String[] p = key.split("/");
            return s.total(p[1] + '/' + p[2], ExchangeStatus.valueOf(p[3]));
        }
        return s.hygiene(key);
    }

    /** Registers the agency's series once; later calls do nothing. */
    private void bindAgencyRole(String agencyRole) {
        if (!bound.add(agencyRole)) {
            return;
        }
        int slash = agencyRole.indexOf('/');
        String agency = agencyRole.substring(0, slash);
        String role = agencyRole.substring(slash + 1);
        Gauge.builder("ndxp.agency.transactions.today", this, m -> m.snapshot.today(agencyRole))
                .description("Transactions of the agency in this role on the current local day so far")
                .tags("agency", agency, "role", role)
                .register(registry);
        for (ExchangeStatus status : ExchangeStatus.values()) {
            FunctionCounter.builder("ndxp.transactions", this,
                            m -> m.counter(TaskCounters.transactions(agency, role, status)))
                    .description("Transactions of the agency in this role, by status, over all days counted")
                    .tags("agency", agency, "role", role, "status", status.name())
                    .register(registry);
        }
    }
}
