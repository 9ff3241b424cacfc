package vn.ndxp.simulator.output;

import java.nio.file.Path;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.file.JsonLinesEventWriter;
import vn.ndxp.simulator.SimRecord;

/**
 * Writes simulated records as JSON Lines, the format {@code replay} reads. A malformed record
 * becomes a line that {@code replay} reports and skips: cut short in the middle.
 */
public final class JsonLinesRecordSink implements RecordSink.Direct {
    private final JsonLinesEventWriter writer;

    public JsonLinesRecordSink(Path file) {
        this.writer = new JsonLinesEventWriter(file);
    }

    @Override
    public void send(SimRecord r) {
        if (r.malformation() == null) {
            writer.write(r.event());
            return;
        }
        String line = EventJson.format(r.event());
        writer.writeLine(line.substring(0, line.length() / 2));
    }

    @Override
    public long delivered() {
        return writer.written();
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
