package vn.ndxp.model.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableFileInput;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.AvroTrust;

/**
 * Reads an Avro object container file of DataExchangeEvents, written with this schema or a
 * compatible one (resolved like the wire format's reader).
 *
 * <p>A damaged block (bad compressed data, a wrong sync marker, an undecodable record, a file cut
 * short) is reported as {@code FILE: block N at byte B (after record R): why} and skipped: the
 * reader looks for the next sync marker and goes on from the block after it. A fresh
 * {@link DataFileReader} is opened for that, because Avro's reader keeps half-read block state
 * after an error. Records before the damage in the same block are still returned.
 */
public final class AvroEventReader implements EventReader {
    static {
        AvroTrust.trustGeneratedClasses();
    }

    private final Path file;
    private final long size;
    private final Schema writerSchema;
    private DataFileReader<DataExchangeEvent> reader;
    private long block;
    private long blockStart = -1;
    private long records;
    private boolean ended;

    public AvroEventReader(Path file) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        try {
            this.reader = open();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable Avro container file: " + e.getMessage(), e);
        }
        this.writerSchema = reader.getSchema();
        Schema readerSchema = DataExchangeEvent.getClassSchema();
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            reader.close();
            throw new IOException(file + ": its schema " + writerSchema.getFullName() + " cannot be read as "
                    + readerSchema.getFullName() + ": " + compatibility.getResult().getIncompatibilities().stream()
                            .map(i -> i.getMessage() + " at " + i.getLocation()).collect(Collectors.joining("; ")));
        }
    }

    private DataFileReader<DataExchangeEvent> open() throws IOException {
        SpecificData data = SpecificData.getForClass(DataExchangeEvent.class);
        return new DataFileReader<>(new SeekableFileInput(file.toFile()),
                new SpecificDatumReader<>(null, DataExchangeEvent.getClassSchema(), data));
    }

    @Override
    public Entry next() throws IOException {
        if (ended) {
            return null;
        }
        try {
            // previousSync() is the start of the block the next record comes from.
            boolean more = reader.hasNext();
            noteBlock();
            if (!more) {
                ended = true;
                // Avro treats a file cut inside a block as a clean end; a block that starts before the
                // end of the file but yields nothing was cut short.
                return blockStart < size ? Entry.bad(position() + ": the file ends inside this block ("
                        + (size - blockStart) + " bytes); its records are lost") : null;
            }
            DataExchangeEvent event = reader.next();
            records++;
            return Entry.of(event);
        } catch (RuntimeException e) { // Avro wraps I/O and decoding errors alike
            noteBlock();
            String problem = position() + ": " + describe(e) + "; skipped to the next block";
            skipBlock();
            return Entry.bad(problem);
        }
    }

    private void noteBlock() {
        long start = reader.previousSync();
        if (start != blockStart) {
            blockStart = start;
            block++;
        }
    }

    private String position() {
        return String.format("%s: block %d at byte %d (after record %d)", file, Math.max(1, block), blockStart, records);
    }

    /** Opens the file again and moves to the block after the next sync marker past the damaged one. */
    private void skipBlock() throws IOException {
        reader.close();
        reader = open();
        reader.sync(Math.max(blockStart, 0) + 1);
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null
                && cause.getMessage().equals(String.valueOf(cause.getCause()))) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
