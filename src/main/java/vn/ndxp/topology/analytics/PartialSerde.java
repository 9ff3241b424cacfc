package vn.ndxp.topology.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * The values of the partials repartition topic: a type byte, then the fields as {@link Codec}
 * varints and strings. Internal to the application (written and read by the same version), so it
 * needs no registry; the type byte leaves room for a change of format. A rolling upgrade has both
 * versions on the topic for a while: a system partial of the version before latency buckets
 * ({@code SYSTEM_WITHOUT_BUCKETS}) is still read.
 */
final class PartialSerde implements Serde<Partial> {
    private static final int SYSTEM_WITHOUT_BUCKETS = 1;
    private static final int DAY = 2;
    private static final int WATERMARK = 3;
    private static final int AGENCY_DAY = 4;
    private static final int SYSTEM = 5;
    private static final int STATUSES = ExchangeStatus.values().length;
    /**
     * One buffer per stream thread, reused: a system's partial is often a few kilobytes, which a
     * fresh buffer would reach by doubling and copying several times.
     */
    private static final ThreadLocal<Codec.Writer> WRITERS = ThreadLocal.withInitial(() -> new Codec.Writer(16 * 1024));

    @Override
    public Serializer<Partial> serializer() {
        return (topic, p) -> p == null ? null : encode(p);
    }

    @Override
    public Deserializer<Partial> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(Partial p) {
        Codec.Writer w = WRITERS.get().reset();
        if (p instanceof Partial.SystemPartial s) {
            w.writeByte(SYSTEM).writeString(s.system()).writeString(s.providerAgency())
                    .writeVarLong(s.services().size());
            for (Partial.ServiceMinute m : s.services()) {
                w.writeString(m.service()).writeSignedVarLong(m.minuteStart());
                m.stats().write(w);
            }
            w.writeString(s.consumerAgency()).writeVarLong(s.hours().size());
            for (Partial.HourCount h : s.hours()) {
                w.writeSignedVarLong(h.hourStart()).writeVarLong(h.count()).writeVarLong(h.minuteBits());
            }
        } else if (p instanceof Partial.DayPartial d) {
            w.writeByte(DAY).writeSignedVarLong(d.epochDay()).writeVarLong(d.flows().size());
            for (Partial.FlowDelta f : d.flows()) {
                w.writeString(f.consumerAgency()).writeString(f.providerAgency());
                writeCounts(w, f.byStatus());
            }
            w.writeVarLong(d.minutes().size());
            for (Partial.MinuteCounts m : d.minutes()) {
                w.writeSignedVarLong(m.minuteStart());
                writeCounts(w, m.byStatus());
            }
        } else if (p instanceof Partial.AgencyDayCounts a) {
            w.writeByte(AGENCY_DAY);
            writeCounts(w, a.byStatus());
        } else {
            Partial.Watermark m = (Partial.Watermark) p;
            w.writeByte(WATERMARK).writeVarLong(m.source()).writeSignedVarLong(m.time());
        }
        return w.toByteArray();
    }

    static Partial decode(byte[] bytes) {
        Codec.Reader r = new Codec.Reader(bytes);
        int type = r.readByte();
        switch (type) {
            case SYSTEM, SYSTEM_WITHOUT_BUCKETS -> {
                String system = r.readString();
                String providerAgency = r.readString();
                int n = r.readVarInt();
                List<Partial.ServiceMinute> services = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    services.add(new Partial.ServiceMinute(r.readString(), r.readSignedVarLong(),
                            HealthStats.read(r, type == SYSTEM)));
                }
                String consumerAgency = r.readString();
                int h = r.readVarInt();
                List<Partial.HourCount> hours = new ArrayList<>(h);
                for (int i = 0; i < h; i++) {
                    hours.add(new Partial.HourCount(r.readSignedVarLong(), r.readVarLong(), r.readVarLong()));
                }
                return new Partial.SystemPartial(system, providerAgency, services, consumerAgency, hours);
            }
            case DAY -> {
                long day = r.readSignedVarLong();
                int n = r.readVarInt();
                List<Partial.FlowDelta> flows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    flows.add(new Partial.FlowDelta(r.readString(), r.readString(), readCounts(r)));
                }
                int m = r.readVarInt();
                List<Partial.MinuteCounts> minutes = new ArrayList<>(m);
                for (int i = 0; i < m; i++) {
                    minutes.add(new Partial.MinuteCounts(r.readSignedVarLong(), readCounts(r)));
                }
                return new Partial.DayPartial(day, flows, minutes);
            }
            case WATERMARK -> {
                return new Partial.Watermark(r.readVarInt(), r.readSignedVarLong());
            }
            case AGENCY_DAY -> {
                return new Partial.AgencyDayCounts(readCounts(r));
            }
            default -> throw new IllegalArgumentException("unknown partial type " + type);
        }
    }

    static void writeCounts(Codec.Writer w, long[] byStatus) {
        for (int i = 0; i < STATUSES; i++) {
            w.writeVarLong(byStatus[i]);
        }
    }

    static long[] readCounts(Codec.Reader r) {
        long[] c = new long[STATUSES];
        for (int i = 0; i < STATUSES; i++) {
            c[i] = r.readVarLong();
        }
        return c;
    }
}
