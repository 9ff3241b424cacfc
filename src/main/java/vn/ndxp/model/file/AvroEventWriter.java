package vn.ndxp.model.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Writes an Avro object container file of DataExchangeEvents: the schema in the header, records
 * in compressed blocks, each block followed by the file's sync marker (so a reader can skip a
 * damaged block and go on).
 *
 * <p>The default codec is {@code deflate}: the Avro specification requires every implementation to
 * read it, so the files open with Avro's own {@code DataFileReader} and nothing else, in Java and
 * in other languages. {@code zstandard} (smaller and faster) and {@code snappy} work here because
 * their native libraries come with the Kafka client, but a reader needs them too.
 */
public final class AvroEventWriter implements EventWriter {
    public static final String DEFAULT_CODEC = "deflate";
    public static final List<String> CODECS = List.of("deflate", "zstandard", "snappy", "null");

    private final Path file;
    private final PartialFile partial;
    private final DataFileWriter<DataExchangeEvent> writer;
    private long written;

    public AvroEventWriter(Path file, String codec) {
        this.file = file;
        this.partial = new PartialFile(file);
        String name = codec == null ? DEFAULT_CODEC : codec.toLowerCase(Locale.ROOT);
        if (!CODECS.contains(name)) {
            throw new IllegalArgumentException("unknown Avro codec \"" + codec + "\": use one of " + String.join(", ", CODECS));
        }
        SpecificData data = SpecificData.getForClass(DataExchangeEvent.class);
        this.writer = new DataFileWriter<>(new SpecificDatumWriter<>(DataExchangeEvent.getClassSchema(), data));
        writer.setCodec(CodecFactory.fromString(name));
        writer.setMeta("ndxp.content", "vn.ndxp DataExchangeEvent, one per record");
        try {
            writer.create(DataExchangeEvent.getClassSchema(), partial.partial().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(DataExchangeEvent event) {
        try {
            writer.append(event);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void finish() {
        partial.finish(writer::close);
    }

    @Override
    public void close() {
        partial.abandon(writer::close);
    }
}
