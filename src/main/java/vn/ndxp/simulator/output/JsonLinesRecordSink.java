package vn.ndxp.simulator.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.ndxp.model.EventJson;
import vn.ndxp.simulator.SimRecord;

/**
 * Writes simulated records as JSON Lines, the format {@code replay} reads. A malformed record
 * becomes a line that {@code replay} reports and skips: cut short in the middle.
 */
public final class JsonLinesRecordSink implements RecordSink {
    private final BufferedWriter writer;
    private final Path file;
    private long lines;

    public JsonLinesRecordSink(Path file) {
        this.file = file;
        try {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void send(SimRecord r) {
        String line = EventJson.format(r.event());
        if (r.malformation() != null) {
            line = line.substring(0, line.length() / 2);
        }
        try {
            writer.write(line);
            writer.newLine();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long delivered() {
        return lines;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
