package vn.ndxp.model.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.ndxp.model.EventJson;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.testing.Events;

class EventFilesTest {
    @TempDir
    Path dir;

    private static List<DataExchangeEvent> events(int n) {
        List<DataExchangeEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2024-04-24T02:00:00Z");
        for (int i = 0; i < n; i++) {
            events.add(Events.event(i % 2 == 0 ? "VPCP" : "HNI", "BCA", t.plusMillis(i * 37L),
                    i % 7 == 0 ? ExchangeStatus.TIMEOUT : ExchangeStatus.SUCCESS));
        }
        return events;
    }

    private Path write(String name, EventFileFormat format, String codec, List<DataExchangeEvent> events) {
        Path file = dir.resolve(name);
        try (EventWriter writer = EventWriter.open(file, format, codec)) {
            events.forEach(writer::write);
            writer.finish();
        }
        return file;
    }

    private static List<EventReader.Entry> readAll(Path file) throws IOException {
        List<EventReader.Entry> entries = new ArrayList<>();
        try (EventReader reader = EventReader.open(file)) {
            EventReader.Entry e;
            while ((e = reader.next()) != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate", "zstandard", "snappy", "null"})
    void avroContainersRoundTripWithEveryCodec(String codec) throws IOException {
        List<DataExchangeEvent> events = events(3000);
        Path file = write("events-" + codec + ".avro", EventFileFormat.AVRO, codec, events);
        assertThat(EventFileFormat.detect(file)).isEqualTo(EventFileFormat.AVRO);
        assertThat(readAll(file)).extracting(EventReader.Entry::event).containsExactlyElementsOf(events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AVRO", "JSONL"})
    void aFileTakesItsNameOnlyWhenFinished(String name) throws IOException {
        EventFileFormat format = EventFileFormat.valueOf(name);
        Path file = dir.resolve("day");
        Files.writeString(file, "an older file of the name");
        List<DataExchangeEvent> events = events(3);
        try (EventWriter writer = EventWriter.open(file, format, null)) {
            events.forEach(writer::write);
            assertThat(Files.readString(file)).as("while writing").isEqualTo("an older file of the name");
            // A failure half-way: closed without finish().
        }
        assertThat(Files.readString(file)).as("after a stop half-way").isEqualTo("an older file of the name");
        try (var left = Files.list(dir)) {
            assertThat(left).as("nothing partial left behind").containsExactly(file);
        }

        write("day", format, null, events);
        assertThat(readAll(file)).hasSize(3);
    }

    @Test
    void anAvroFileIsReadByAvroAloneWithTheSchemaItCarries() throws IOException {
        List<DataExchangeEvent> events = events(10);
        Path file = write("plain.avro", EventFileFormat.AVRO, null, events);
        // Nothing of the project's: Avro's generic reader and the schema in the file's header.
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            assertThat(reader.getMetaString("avro.codec")).isEqualTo("deflate");
            assertThat(reader.getSchema().getFullName()).isEqualTo("vn.ndxp.model.avro.DataExchangeEvent");
            int i = 0;
            for (GenericRecord r : reader) {
                DataExchangeEvent e = events.get(i++);
                assertThat(r.get("eventId").toString()).isEqualTo(e.getEventId());
                assertThat(r.get("requestTime")).isEqualTo(e.getRequestTime().toEpochMilli());
                assertThat(r.get("status").toString()).isEqualTo(e.getStatus().name());
                assertThat(r.get("responseBytes")).isEqualTo(e.getResponseBytes());
            }
            assertThat(i).isEqualTo(10);
        }
    }

    @Test
    void jsonLinesAreDetectedByContentAndBadLinesNamedByNumber() throws IOException {
        List<DataExchangeEvent> events = events(2);
        Path file = dir.resolve("events.avro"); // the name lies; the content decides
        Files.write(file, List.of(EventJson.format(events.get(0)), "", "{\"eventId\": \"x\"}", EventJson.format(events.get(1))));
        assertThat(EventFileFormat.detect(file)).isEqualTo(EventFileFormat.JSONL);
        List<EventReader.Entry> entries = readAll(file);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(1).problem()).isEqualTo(file + ":3: field \"requestTime\" is missing");
        assertThat(entries.get(2).event()).isEqualTo(events.get(1));
    }

    @Test
    void aCorruptAvroBlockIsReportedWithItsNumberAndSkipped() throws IOException {
        List<DataExchangeEvent> events = events(20_000);
        Path file = write("damaged.avro", EventFileFormat.AVRO, "deflate", events);
        List<Long> blockStarts = blockStarts(file);
        assertThat(blockStarts.size()).as("blocks in the file").isGreaterThan(5);
        // Scribble over the middle of the third block's compressed data.
        long middle = (blockStarts.get(2) + blockStarts.get(3)) / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(middle);
            raf.write("this is not deflate data at all".getBytes(StandardCharsets.US_ASCII));
        }

        List<EventReader.Entry> entries = readAll(file);
        List<String> problems = entries.stream().filter(e -> !e.ok()).map(EventReader.Entry::problem).toList();
        assertThat(problems).singleElement().asString()
                .startsWith(file + ": block 3 at byte " + blockStarts.get(2) + " (after record ")
                .endsWith("; skipped to the next block");
        List<DataExchangeEvent> good = entries.stream().filter(EventReader.Entry::ok).map(EventReader.Entry::event).toList();
        long lost = events.size() - good.size();
        assertThat(lost).as("the damaged block's records only").isPositive().isLessThan(events.size() / 5);
        // Everything outside the damaged block is there, in order.
        assertThat(events).containsSubsequence(good);
        assertThat(good.get(good.size() - 1)).isEqualTo(events.get(events.size() - 1));
    }

    @Test
    void anAvroFileCutShortIsReported() throws IOException {
        Path file = write("cut.avro", EventFileFormat.AVRO, "deflate", events(5000));
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 100);
        }
        List<EventReader.Entry> entries = readAll(file);
        assertThat(entries.get(entries.size() - 1).problem()).startsWith(file + ": block ")
                .contains("the file ends inside this block");
        assertThat(entries.stream().filter(EventReader.Entry::ok).count()).isBetween(4000L, 4999L);
    }

    @Test
    void aFileThatIsNotAnAvroContainerDespiteItsMagicIsRefusedWhole() throws IOException {
        Path file = dir.resolve("fake.avro");
        Files.write(file, new byte[] {'O', 'b', 'j', 1, 99, 98, 97});
        assertThatThrownBy(() -> EventReader.open(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not a readable Avro container file");
    }

    @Test
    void outputFormatFollowsTheOptionThenTheExtension() {
        assertThat(EventFileFormat.forOutput(Path.of("a.avro"), null, EventFileFormat.JSONL)).isEqualTo(EventFileFormat.AVRO);
        assertThat(EventFileFormat.forOutput(Path.of("a.jsonl"), null, EventFileFormat.AVRO)).isEqualTo(EventFileFormat.JSONL);
        assertThat(EventFileFormat.forOutput(Path.of("a.dat"), null, EventFileFormat.AVRO)).isEqualTo(EventFileFormat.AVRO);
        assertThat(EventFileFormat.forOutput(Path.of("a.avro"), EventFileFormat.JSONL, EventFileFormat.AVRO))
                .isEqualTo(EventFileFormat.JSONL);
    }

    /** Where each block starts, as Avro's own reader reports it. */
    private static List<Long> blockStarts(Path file) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            while (reader.hasNext()) {
                long start = reader.previousSync();
                if (starts.isEmpty() || starts.get(starts.size() - 1) != start) {
                    starts.add(start);
                }
                reader.next();
            }
        }
        return starts;
    }
}
