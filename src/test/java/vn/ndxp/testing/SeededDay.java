package vn.ndxp.testing;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.Service;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.time.LocalDays;

/**
 * A day of valid traffic that is the same for a seed, and the metrics it must produce. The
 * events are made on the fly (half a million would not fit comfortably in a test JVM otherwise),
 * spread evenly over the local day in time order, so none is late; callers/services are drawn
 * uniformly from the built-in catalog.
 */
public final class SeededDay {
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final long seed;
    private final int count;
    private final long dayStartMs;
    private final List<SystemInfo> consumers;
    private final List<Service> services;
    private final Catalog catalog;

    public SeededDay(long seed, int count, LocalDate day) {
        this.seed = seed;
        this.count = count;
        this.dayStartMs = LocalDays.startMillis(day.toEpochDay());
        this.catalog = CatalogLoader.builtIn();
        this.consumers = catalog.consumers();
        this.services = catalog.services();
    }

    public int count() {
        return count;
    }

    /** The events, in order; a new iterator starts over with the same events. */
    public Iterator<DataExchangeEvent> events() {
        SplittableRandom random = new SplittableRandom(seed);
        long stepMs = 86_400_000L / count;
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public DataExchangeEvent next() {
                return make(random, dayStartMs + (long) i++ * stepMs);
            }
        };
    }

    private DataExchangeEvent make(SplittableRandom random, long timeMs) {
        SystemInfo consumer = consumers.get(random.nextInt(consumers.size()));
        Service service = services.get(random.nextInt(services.size()));
        int roll = random.nextInt(100);
        ExchangeStatus status = roll < 90 ? ExchangeStatus.SUCCESS : STATUSES[1 + roll % 4];
        return DataExchangeEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setRequestTime(java.time.Instant.ofEpochMilli(timeMs))
                .setConsumerAgency(consumer.agencyCode())
                .setConsumerSystem(consumer.code())
                .setProviderAgency(service.agencyCode())
                .setProviderSystem(service.systemCode())
                .setServiceCode(service.code())
                .setStatus(status)
                .setDurationMs(20 + random.nextInt(2000))
                .setRequestBytes(200 + random.nextInt(2000))
                .setResponseBytes(random.nextInt(20_000))
                .setGateway("NDXP")
                .build();
    }

    /** The series of {@code /metrics} these events must produce, summed over all instances. */
    public Map<String, Long> expectedMetrics() {
        return expectedMetrics(count);
    }

    /** The same for the first {@code n} events only. */
    public Map<String, Long> expectedMetrics(int n) {
        Map<String, Long> expected = new HashMap<>();
        Iterator<DataExchangeEvent> it = events();
        for (int i = 0; i < n; i++) {
            DataExchangeEvent e = it.next();
            add(expected, e.getConsumerAgency(), "consumer", e.getStatus());
            add(expected, e.getProviderAgency(), "provider", e.getStatus());
        }
        expected.put("ndxp_platform_transactions_today", (long) n);
        return expected;
    }

    private static void add(Map<String, Long> expected, String agency, String role, ExchangeStatus status) {
        expected.merge(PrometheusText.key("ndxp_agency_transactions_today", "agency", agency, "role", role), 1L, Long::sum);
        expected.merge(PrometheusText.key("ndxp_transactions_total", "agency", agency, "role", role, "status", status.name()),
                1L, Long::sum);
    }
}
