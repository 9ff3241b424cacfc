package vn.ndxp.model.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;

/** Writes one {@link EventJson} line per event. */
public final class JsonLinesEventWriter implements EventWriter {
    private final Path file;
    private final PartialFile partial;
    private final BufferedWriter writer;
    private long written;

    public JsonLinesEventWriter(Path file) {
        this.file = file;
        this.partial = new PartialFile(file);
        try {
            this.writer = Files.newBufferedWriter(partial.partial(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(DataExchangeEvent event) {
        writeLine(EventJson.format(event));
    }

    /** One line as it is, e.g. a deliberately broken one that a reader must report and skip. */
    public void writeLine(String line) {
        try {
            writer.write(line);
            writer.newLine();
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
