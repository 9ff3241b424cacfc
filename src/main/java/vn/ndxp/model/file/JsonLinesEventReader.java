package vn.ndxp.model.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.ndxp.model.EventJson;

/** Reads {@link EventJson} lines; blank lines are skipped, a bad line is reported as {@code FILE:LINE: why}. */
public final class JsonLinesEventReader implements EventReader {
    private final Path file;
    private final BufferedReader reader;
    private long line;

    public JsonLinesEventReader(Path file) throws IOException {
        this.file = file;
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    @Override
    public Entry next() throws IOException {
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                return Entry.of(EventJson.parse(text));
            } catch (IllegalArgumentException e) {
                return Entry.bad(file + ":" + line + ": " + e.getMessage());
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
