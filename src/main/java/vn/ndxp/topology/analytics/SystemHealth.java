package vn.ndxp.topology.analytics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of the service-health window stores: one provider system's health in one window (a
 * minute or a local day), per service. One value per system rather than per service keeps the
 * store's key count, and its changelog, at a third of the per-service count, and answers the
 * query API's per-system question with one read.
 *
 * <p>Encoded with a version byte: 2 since the stats carry latency buckets, 1 before (still read).
 */
public final class SystemHealth {
    private static final int VERSION = 2;
    private static final int WITHOUT_BUCKETS = 1;
    /** One buffer per stream thread, reused: every window written at a commit is encoded in it. */
    private static final ThreadLocal<Codec.Writer> WRITERS = ThreadLocal.withInitial(() -> new Codec.Writer(4 * 1024));

    private String agency;
    private final TreeMap<String, HealthStats> services = new TreeMap<>();

    SystemHealth(String agency) {
        this.agency = agency;
    }

    public String agency() {
        return agency;
    }

    /** Per service code, sorted. */
    public Map<String, HealthStats> services() {
        return Collections.unmodifiableMap(services);
    }

    /** The whole system: every service merged. */
    public HealthStats total() {
        HealthStats total = new HealthStats();
        services.values().forEach(total::merge);
        return total;
    }

    HealthStats service(String code) {
        return services.computeIfAbsent(code, c -> new HealthStats());
    }

    void agencyIfUnknown(String a) {
        if (agency.isEmpty()) {
            agency = a;
        }
    }

    byte[] encode() {
        Codec.Writer w = WRITERS.get().reset();
        w.writeByte(VERSION).writeString(agency).writeVarLong(services.size());
        services.forEach((code, stats) -> {
            w.writeString(code);
            stats.write(w);
        });
        return w.toByteArray();
    }

    public static SystemHealth decode(byte[] bytes) {
        Codec.Reader r = new Codec.Reader(bytes);
        boolean withBuckets = withBuckets(r);
        SystemHealth h = new SystemHealth(r.readString());
        long n = r.readVarLong();
        for (long i = 0; i < n; i++) {
            h.services.put(r.readString(), HealthStats.read(r, withBuckets));
        }
        return h;
    }

    /** {@code [requests, providerErrors]} of an encoded value, without decoding its sketches. */
    static long[] counts(byte[] bytes) {
        Codec.Reader r = new Codec.Reader(bytes);
        boolean withBuckets = withBuckets(r);
        r.readString();
        long n = r.readVarLong();
        long[] sum = new long[2];
        for (long i = 0; i < n; i++) {
            r.readString();
            long[] c = HealthStats.readCounts(r, withBuckets);
            sum[0] += c[0];
            sum[1] += c[1];
        }
        return sum;
    }

    /** Reads the version byte: whether the stats that follow have latency buckets. */
    private static boolean withBuckets(Codec.Reader r) {
        int v = r.readByte();
        if (v != VERSION && v != WITHOUT_BUCKETS) {
            throw new IllegalArgumentException("unknown SystemHealth encoding version " + v);
        }
        return v == VERSION;
    }
}
