package vn.ndxp.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.time.LocalDays;
import vn.ndxp.time.PlatformClock;

/**
 * What the platform must count for the records the simulator delivered, by the topology's own
 * rules: each event once for its consumer and once for its provider agency on its local day; a
 * redelivered duplicate not at all; a malformed record not at all (it is rejected with a known
 * reason); an event not at all when its input partition's clock had passed its day's end plus the
 * grace (it is late); an event not at all when it was further ahead of that clock than the
 * allowed skew (set aside as {@code clock-ahead}). The clock is the topology's {@link PlatformClock}. The partition is Kafka's default for the eventId key, so the late decisions
 * are exactly the topology's.
 */
public final class GroundTruth {
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final int partitions;
    private final long graceMs;
    private final PlatformClock[] clocks;
    private final long maxSkewMs;
    /** date/agency/role -> count per status. */
    private final Map<String, long[]> counts = new TreeMap<>();
    /**
     * The same arrays as {@link #counts}, found without building the text key and comparing it in
     * the tree, whose lookups showed in the profile of {@code simulate}'s sending thread
     * (docs/performance.md, What was tried). Agency codes come from the catalog, one instance each,
     * so their hashes are cached.
     */
    private final Map<CountKey, long[]> byKey = new HashMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private long total;
    private long late;
    private long duplicates;
    private long delivered;

    /** With the streams app's default {@code --max-skew} and {@code --clock-quorum}. */
    public GroundTruth(int partitions, Duration grace) {
        this(partitions, grace, PlatformClock.DEFAULT_MAX_SKEW, PlatformClock.DEFAULT_QUORUM);
    }

    public GroundTruth(int partitions, Duration grace, Duration maxSkew, int clockQuorum) {
        this.partitions = partitions;
        this.graceMs = grace.toMillis();
        this.maxSkewMs = maxSkew.toMillis();
        this.clocks = new PlatformClock[partitions];
        for (int i = 0; i < partitions; i++) {
            clocks[i] = new PlatformClock(clockQuorum);
        }
    }

    public void record(SimRecord r) {
        record(r, partition(r));
    }

    /**
     * The input partition of a record: Kafka's default for its key. It depends on the key alone,
     * so it may be worked out on another thread, ahead of {@link #record(SimRecord, int)}.
     */
    public int partition(SimRecord r) {
        return Utils.toPositive(Utils.murmur2(r.keyBytes())) % partitions;
    }

    /** @param partition the record's {@link #partition(SimRecord)} */
    public void record(SimRecord r, int partition) {
        delivered++;
        if (r.malformation() != null) {
            rejected.merge(r.malformation().reason(), 1L, Long::sum);
            return;
        }
        DataExchangeEvent e = r.event();
        long t = e.getRequestTime().toEpochMilli();
        PlatformClock clock = clocks[partition];
        long ahead = clock.hasQuorum() ? t - clock.now() : 0;
        clock.observe(e.getConsumerSystem(), t);
        if (ahead > maxSkewMs) {
            rejected.merge(RejectReason.CLOCK_AHEAD.code(), 1L, Long::sum);
            return;
        }
        if (r.duplicate()) {
            duplicates++;
            return;
        }
        long day = LocalDays.epochDay(t);
        if (clock.now() >= LocalDays.endMillis(day) + graceMs) {
            late++;
            return;
        }
        total++;
        int status = e.getStatus().ordinal();
        countsOf(day, e.getConsumerAgency(), false)[status]++;
        countsOf(day, e.getProviderAgency(), true)[status]++;
    }

    private record CountKey(long epochDay, String agency, boolean provider) {}

    private long[] countsOf(long epochDay, String agency, boolean provider) {
        CountKey key = new CountKey(epochDay, agency, provider);
        long[] c = byKey.get(key);
        if (c == null) {
            c = counts.computeIfAbsent(LocalDate.ofEpochDay(epochDay) + "/" + agency + (provider ? "/provider" : "/consumer"),
                    k -> new long[STATUSES.length]);
            byKey.put(key, c);
        }
        return c;
    }

    /** Transactions the platform must count (each once, not once per role). */
    public long total() {
        return total;
    }

    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    public long delivered() {
        return delivered;
    }

    public Map<String, Long> rejected() {
        return rejected;
    }

    /** Transactions the platform must count on one local day (each once, not once per role). */
    public long total(LocalDate date) {
        String prefix = date + "/";
        long sum = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith("/provider")) {
                for (long n : e.getValue()) {
                    sum += n;
                }
            }
        }
        return sum;
    }

    /** The count of one agency in one role on one local day, all statuses. */
    public long count(LocalDate date, String agency, String role) {
        long[] c = counts.get(date + "/" + agency + "/" + role);
        long sum = 0;
        if (c != null) {
            for (long n : c) {
                sum += n;
            }
        }
        return sum;
    }

    public long count(LocalDate date, String agency, String role, ExchangeStatus status) {
        long[] c = counts.get(date + "/" + agency + "/" + role);
        return c == null ? 0 : c[status.ordinal()];
    }

    /** Every (date, agency, role) with a count, as {@code date/agency/role}. */
    public Iterable<String> keys() {
        return counts.keySet();
    }

    /** The truth file: {@code {"total", "counts": [{date, agency, role, status, count}], ...}}. */
    public void write(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((key, byStatus) -> {
            String[] parts = key.split("/");
            for (ExchangeStatus s : STATUSES) {
                if (byStatus[s.ordinal()] > 0) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("date", parts[0]);
                    row.put("agency", parts[1]);
                    row.put("role", parts[2]);
                    row.put("status", s.name());
                    row.put("count", byStatus[s.ordinal()]);
                    rows.add(row);
                }
            }
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", total);
        doc.put("delivered", delivered);
        doc.put("late", late);
        doc.put("duplicates", duplicates);
        doc.put("rejected", rejected);
        doc.put("counts", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }
}
