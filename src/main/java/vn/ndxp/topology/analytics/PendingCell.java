package vn.ndxp.topology.analytics;

import java.util.HashMap;
import java.util.Map;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * A partial aggregate that a combiner ({@link PartialAggregator}) holds until its next flush, named
 * in the journal ({@link CellJournal}) by its id: unique among the pending cells of a task.
 */
abstract sealed class PendingCell permits PendingCell.Health, PendingCell.Consumer {
    static final long MINUTE_MS = 60_000;
    private static final int STATUSES = ExchangeStatus.values().length;

    final int id;
    /** Whether it changed since the last commit, and so is to be journaled at the next. */
    boolean changed;

    PendingCell(int id) {
        this.id = id;
    }

    abstract void writeTo(Codec.Writer w);

    /** One (provider system, service, minute) of this partition: its requests by status, bytes and latencies. */
    static final class Health extends PendingCell {
        record Key(String system, String service, long minute) {}

        final String agency;
        final String system;
        final String service;
        final long minute;
        final HealthStats stats;

        Health(int id, String agency, String system, String service, long minute) {
            this(id, agency, system, service, minute, new HealthStats());
        }

        private Health(int id, String agency, String system, String service, long minute, HealthStats stats) {
            super(id);
            this.agency = agency;
            this.system = system;
            this.service = service;
            this.minute = minute;
            this.stats = stats;
        }

        Key key() {
            return new Key(system, service, minute);
        }

        /** Adds {@code other}'s events, of the same system, service and minute, to this one's. */
        Health merge(Health other) {
            stats.merge(other.stats);
            return this;
        }

        @Override
        void writeTo(Codec.Writer w) {
            w.writeString(agency).writeString(system).writeString(service).writeSignedVarLong(minute);
            stats.write(w);
        }

        static Health read(int id, Codec.Reader r, boolean withBuckets) {
            return new Health(id, r.readString(), r.readString(), r.readString(), r.readSignedVarLong(),
                    HealthStats.read(r, withBuckets));
        }
    }

    /** One (consumer system, hour) of this partition: its calls and its flows by provider agency. */
    static final class Consumer extends PendingCell {
        record Key(String system, long hour) {}

        final String agency;
        final String system;
        final long hour;
        long lastSeen = Long.MIN_VALUE;
        long count;
        long minuteBits;
        final Map<String, long[]> byProvider = new HashMap<>(8);

        Consumer(int id, String agency, String system, long hour) {
            super(id);
            this.agency = agency;
            this.system = system;
            this.hour = hour;
        }

        Key key() {
            return new Key(system, hour);
        }

        void add(long time, String providerAgency, int status) {
            lastSeen = Math.max(lastSeen, time);
            count++;
            minuteBits |= 1L << ((time - hour) / MINUTE_MS);
            countsOf(providerAgency)[status]++;
        }

        private long[] countsOf(String providerAgency) {
            return byProvider.computeIfAbsent(providerAgency, p -> new long[STATUSES]);
        }

        /** Adds {@code other}'s calls, of the same system and hour, to this one's. */
        Consumer merge(Consumer other) {
            lastSeen = Math.max(lastSeen, other.lastSeen);
            count += other.count;
            minuteBits |= other.minuteBits;
            other.byProvider.forEach((provider, counts) -> Counts.add(countsOf(provider), counts));
            return this;
        }

        @Override
        void writeTo(Codec.Writer w) {
            w.writeString(agency).writeString(system).writeSignedVarLong(hour).writeSignedVarLong(lastSeen)
                    .writeVarLong(count).writeVarLong(minuteBits).writeVarLong(byProvider.size());
            byProvider.forEach((provider, counts) -> PartialSerde.writeCounts(w.writeString(provider), counts));
        }

        static Consumer read(int id, Codec.Reader r) {
            Consumer c = new Consumer(id, r.readString(), r.readString(), r.readSignedVarLong());
            c.lastSeen = r.readSignedVarLong();
            c.count = r.readVarLong();
            c.minuteBits = r.readVarLong();
            long n = r.readVarLong();
            for (long i = 0; i < n; i++) {
                c.byProvider.put(r.readString(), PartialSerde.readCounts(r));
            }
            return c;
        }
    }
}
