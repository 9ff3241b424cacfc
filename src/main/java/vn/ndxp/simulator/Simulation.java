package vn.ndxp.simulator;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.time.DayProfile;
import vn.ndxp.time.LocalDays;

/**
 * The simulated platform's traffic, record by record in delivery order. Days are generated half an
 * hour at a time: the day's volume is spread over the half-hours by {@link DayProfile}, each event
 * is made by {@link EventFactory}, and the scenarios change what they say. Everything comes from
 * one seeded generator, so the same catalog, seed and options give the same records.
 */
public final class Simulation implements Iterator<SimRecord> {
    private static final Comparator<SimRecord> BY_DELIVERY = Comparator.comparingLong(SimRecord::deliveryTime);
    private static final SimRecord.Malformation[] MALFORMATIONS = SimRecord.Malformation.RANDOM;

    private final SimulationOptions options;
    private final SplittableRandom random;
    private final EventFactory everyone;
    private final Drills drills;
    private final long endMillis;
    /** Records delivered later than they were made, with a sequence number so that ties keep their order. */
    private final PriorityQueue<Pending> later = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.record.deliveryTime()).thenComparingLong(p -> p.sequence));
    private final ArrayDeque<SimRecord> slotRecords = new ArrayDeque<>();
    private long sequence;
    private int day;
    private int slot = DayProfile.SLOTS;
    private long[] slotCounts;
    private long slotEnd = Long.MIN_VALUE;

    public Simulation(Catalog catalog, SimulationOptions options) {
        this.options = options;
        // The first day goes into the seed: runs of other days with the same seed must not repeat eventIds.
        this.random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + options.from().toEpochDay());
        this.everyone = new EventFactory(catalog, SystemInfo::isConsumer);
        this.drills = new Drills(catalog, options.scenarios());
        this.endMillis = dayStart(options.from().plusDays(options.days()));
        this.day = -1;
    }

    @Override
    public boolean hasNext() {
        while (slotRecords.isEmpty() && !dueLater() && slotEnd < endMillis) {
            nextSlot();
        }
        return !slotRecords.isEmpty() || !later.isEmpty();
    }

    @Override
    public SimRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SimRecord head = slotRecords.peek();
        if (head != null && (later.isEmpty() || head.deliveryTime() <= later.peek().record.deliveryTime())) {
            return slotRecords.poll();
        }
        return later.poll().record;
    }

    private boolean dueLater() {
        return !later.isEmpty() && (later.peek().record.deliveryTime() < slotEnd || slotEnd >= endMillis);
    }

    private void nextSlot() {
        if (++slot >= DayProfile.SLOTS) {
            day++;
            slot = 0;
            slotCounts = slotCounts(options.from().plusDays(day));
        }
        long start = dayStart(options.from().plusDays(day)) + slot * DayProfile.SLOT_MS;
        slotEnd = start + DayProfile.SLOT_MS;
        long n = slotCounts[slot];
        List<SimRecord> records = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, n + n / 8));
        long[] times = new long[(int) n];
        for (int i = 0; i < n; i++) {
            times[i] = start + random.nextLong(DayProfile.SLOT_MS);
        }
        Arrays.sort(times);
        for (long t : times) {
            emit(everyone.make(t, random), records);
        }
        LocalDate date = options.from().plusDays(day);
        for (Scenario.Poison poison : drills.poisons()) {
            long at = dayStart(date) + poison.at().toNanoOfDay() / 1_000_000;
            if ((poison.date() == null || poison.date().equals(date)) && at >= start && at < slotEnd) {
                for (int i = 0; i < poison.count(); i++) {
                    records.add(new SimRecord(at, everyone.make(at, random), false, poison.kind()));
                }
            }
        }
        for (Drills.SurgeDrill surge : drills.surges()) {
            long overlap = surge.window().overlapMillis(start, slotEnd);
            if (overlap > 0) {
                long extra = Math.round(n * surge.share() * (surge.factor() - 1) * overlap / (double) DayProfile.SLOT_MS);
                long from = surge.window().startIn(start);
                for (long i = 0; i < extra; i++) {
                    emit(surge.events().make(from + random.nextLong(overlap), random), records);
                }
            }
        }
        records.sort(BY_DELIVERY);
        slotRecords.addAll(records);
    }

    /** Applies silence and outages, then decides how the event is delivered. */
    private void emit(DataExchangeEvent event, List<SimRecord> records) {
        long t = event.getRequestTime().toEpochMilli();
        if (drills.silenced(event, t)) {
            return;
        }
        drills.applyOutage(event, t);
        // Delivered at its true time, whatever its clock says.
        drills.applyClockSkew(event, t);
        double u = random.nextDouble();
        if ((u -= drills.lateFraction()) < 0) {
            deliverLater(new SimRecord(t + drills.lateDelayMs(), event, false, null));
        } else if ((u -= drills.outOfOrderFraction()) < 0) {
            deliverLater(new SimRecord(t + 1 + random.nextLong(drills.maxShiftMs()), event, false, null));
        } else if ((u -= drills.duplicateFraction()) < 0) {
            records.add(new SimRecord(t, event, false, null));
            deliverLater(new SimRecord(t + 1_000 + random.nextLong(drills.maxDuplicateDelayMs()), event, true, null));
        } else if ((u - drills.malformedFraction()) < 0) {
            records.add(new SimRecord(t, event, false, null));
            DataExchangeEvent base = everyone.make(t, random);
            records.add(new SimRecord(t, base, false, MALFORMATIONS[random.nextInt(MALFORMATIONS.length)]));
        } else {
            records.add(new SimRecord(t, event, false, null));
        }
    }

    /** Past the end of the simulation a record is delivered at the end, in order. */
    private void deliverLater(SimRecord record) {
        SimRecord clamped = record.deliveryTime() <= endMillis ? record
                : new SimRecord(endMillis, record.event(), record.duplicate(), record.malformation());
        later.add(new Pending(clamped, sequence++));
    }

    /** The day's volume over its half-hours, rounded so that the slots add up to the day's total. */
    private long[] slotCounts(LocalDate date) {
        double total = options.dailyVolume() * DayProfile.dayFactor(date);
        double[] shares = DayProfile.shares(date);
        long[] counts = new long[DayProfile.SLOTS];
        double cumulative = 0;
        long assigned = 0;
        for (int i = 0; i < DayProfile.SLOTS; i++) {
            cumulative += shares[i] * total;
            long upTo = Math.round(cumulative);
            counts[i] = upTo - assigned;
            assigned = upTo;
        }
        return counts;
    }

    static long dayStart(LocalDate date) {
        return LocalDays.endMillis(date.toEpochDay() - 1);
    }

    private record Pending(SimRecord record, long sequence) {}
}
