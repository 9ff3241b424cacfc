package vn.ndxp.simulator.output;

import java.nio.file.Path;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.AvroEventWriter;
import vn.ndxp.simulator.SimRecord;

/**
 * Writes simulated records to an Avro object container file, the format {@code record} writes and
 * {@code replay} reads, so that {@code simulate --out day.avro} gives the same file as simulating
 * into Kafka and recording the topic.
 *
 * <p>A container holds only decodable events, so malformed records go as {@code record} would
 * keep them: those broken in their content (an empty agency, a negative value) are written as the
 * invalid events they are, and the platform rejects them again on replay; those broken on the wire
 * (bad magic byte, truncated, unknown schema id) cannot be written and are counted in
 * {@link #skipped()}.
 */
public final class AvroRecordSink implements RecordSink.Direct {
    private final AvroEventWriter writer;
    private long skipped;

    public AvroRecordSink(Path file, String codec) {
        this.writer = new AvroEventWriter(file, codec);
    }

    @Override
    public void send(SimRecord r) {
        if (r.malformation() == null) {
            writer.write(r.event());
            return;
        }
        DataExchangeEvent broken = r.event(); // made for this record alone (see Simulation)
        switch (r.malformation()) {
            case MISSING_FIELD -> broken.setConsumerAgency("");
            case NEGATIVE_VALUE -> broken.setDurationMs(-1 - Math.abs(broken.getDurationMs()));
            default -> {
                skipped++;
                return;
            }
        }
        writer.write(broken);
    }

    @Override
    public long delivered() {
        return writer.written();
    }

    /** Malformed records that only exist on the wire, so not written. */
    public long skipped() {
        return skipped;
    }

    @Override
    public void finish() {
        writer.finish();
    }

    @Override
    public void close() {
        writer.close();
    }
}
