package vn.ndxp.topology.analytics;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the alert rules keep per system ({@code system-state-store}): its consumer activity per
 * hour not yet judged (calls, and a bitmap of the minutes with at least one call), how far the
 * rules have scanned, its provider errors per recent minute, and which of its alerts are active.
 * A few dozen bytes, rewritten when a partial or an evaluation changes it.
 */
final class SystemState {
    static final long NONE = Long.MIN_VALUE;

    /** Calls in one hour and which of its 60 minutes had any (bit i = minute i). */
    static final class Hour {
        long calls;
        long minuteBits;

        Hour(long calls, long minuteBits) {
            this.calls = calls;
            this.minuteBits = minuteBits;
        }
    }

    String agency = "";
    /** Consumer side: rules have judged every minute before this one; NONE until the first call. */
    long scannedUntil = NONE;
    /** Consumer side: working minutes without a call up to {@link #scannedUntil}. */
    long silentMinutes;
    /** Consumer side: hours (start, epoch ms) not yet scanned to their end. */
    final TreeMap<Long, Hour> openHours = new TreeMap<>();
    /** Provider side: windows ending up to here have been judged; NONE until the first request. */
    long errorsJudgedUntil = NONE;
    /** Provider side: per recent minute (start), {requests, provider errors}. */
    final TreeMap<Long, long[]> minutes = new TreeMap<>();
    long silentRaisedAt = NONE;
    long errorRaisedAt = NONE;
    long volumeRaisedAt = NONE;

    boolean isConsumer() {
        return scannedUntil != NONE;
    }

    boolean isProvider() {
        return errorsJudgedUntil != NONE;
    }

    byte[] encode() {
        Codec.Writer w = new Codec.Writer(64 + 16 * (openHours.size() + minutes.size()));
        w.writeByte(1).writeString(agency).writeSignedVarLong(scannedUntil).writeVarLong(silentMinutes)
                .writeVarLong(openHours.size());
        for (Map.Entry<Long, Hour> e : openHours.entrySet()) {
            w.writeSignedVarLong(e.getKey()).writeVarLong(e.getValue().calls).writeVarLong(e.getValue().minuteBits);
        }
        w.writeSignedVarLong(errorsJudgedUntil).writeVarLong(minutes.size());
        for (Map.Entry<Long, long[]> e : minutes.entrySet()) {
            w.writeSignedVarLong(e.getKey()).writeVarLong(e.getValue()[0]).writeVarLong(e.getValue()[1]);
        }
        w.writeSignedVarLong(silentRaisedAt).writeSignedVarLong(errorRaisedAt).writeSignedVarLong(volumeRaisedAt);
        return w.toByteArray();
    }

    static SystemState decode(byte[] bytes) {
        Codec.Reader r = new Codec.Reader(bytes);
        int version = r.readByte();
        if (version != 1) {
            throw new IllegalArgumentException("unknown SystemState encoding version " + version);
        }
        SystemState s = new SystemState();
        s.agency = r.readString();
        s.scannedUntil = r.readSignedVarLong();
        s.silentMinutes = r.readVarLong();
        long hours = r.readVarLong();
        for (long i = 0; i < hours; i++) {
            s.openHours.put(r.readSignedVarLong(), new Hour(r.readVarLong(), r.readVarLong()));
        }
        s.errorsJudgedUntil = r.readSignedVarLong();
        long minutes = r.readVarLong();
        for (long i = 0; i < minutes; i++) {
            s.minutes.put(r.readSignedVarLong(), new long[] {r.readVarLong(), r.readVarLong()});
        }
        s.silentRaisedAt = r.readSignedVarLong();
        s.errorRaisedAt = r.readSignedVarLong();
        s.volumeRaisedAt = r.readSignedVarLong();
        return s;
    }
}
