package vn.ndxp.runtime.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The registry's state: schemas under global ids, and per subject the ids of its versions, with
 * Confluent's rules (one global id per distinct schema, BACKWARD compatibility against the
 * subject's latest version). Avro schemas are parsed and checked; JSON Schema and Protobuf ones
 * are kept as given (JSON Schema must be JSON), without compatibility checks, so that clients can
 * meet such ids here as they would in a Confluent registry; a subject does not change its type. Every registration is written to {@code <dataDir>/schemas.json}
 * before it is answered, so ids survive a restart. Thread-safe; one process per data dir.
 */
final class SchemaStore {

    static final String FILE_NAME = "schemas.json";
    static final String COMPATIBILITY_LEVEL = "BACKWARD";
    static final String AVRO = "AVRO";
    /** The schema types of Confluent's registry. */
    static final Set<String> TYPES = Set.of(AVRO, "JSON", "PROTOBUF");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version of a subject, as {@code GET /subjects/{subject}/versions/{version}} shows it. */
    record Version(String subject, int version, int id, String schema, String type) {}

    /**
     * The file format: schema text by id, per subject the ids of versions 1, 2, ..., and the type
     * of each schema that is not Avro (absent in files written before other types were kept).
     */
    private record State(Map<Integer, String> schemas, Map<String, List<Integer>> subjects,
                         Map<Integer, String> schemaTypes) {}

    private final Path file;
    private final Map<Integer, String> schemasById = new TreeMap<>();
    private final Map<Integer, String> typesById = new TreeMap<>(); // only the schemas that are not Avro
    // Keyed by Avro's own rendering, so whitespace and attribute order do not make a schema "new".
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    // Values are immutable lists, replaced on registration, so a state snapshot can share them.
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();

    private SchemaStore(Path file) {
        this.file = file;
    }

    /** Opens the store in {@code dataDir}, creating the directory, and loads what an earlier run saved. */
    static SchemaStore open(Path dataDir) {
        SchemaStore store = new SchemaStore(dataDir.resolve(FILE_NAME));
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(store.file)) {
                State state = JSON.readValue(store.file.toFile(), State.class);
                Map<Integer, String> types = state.schemaTypes() == null ? Map.of() : state.schemaTypes();
                store.typesById.putAll(types);
                state.schemas().forEach((id, text) -> {
                    store.schemasById.put(id, text);
                    store.idsBySchema.put(canonical(types.getOrDefault(id, AVRO), text), id);
                });
                state.subjects().forEach((subject, ids) -> store.versionsBySubject.put(subject, List.copyOf(ids)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the schema registry state from " + store.file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Corrupt schema registry state in " + store.file + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** Registers {@code schemaText} of {@code type} under {@code subject} unless it is already there; returns its global id. */
    synchronized int register(String subject, String type, String schemaText) {
        String canonical = canonical(type, schemaText);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer known = idsBySchema.get(canonical);
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!versions.isEmpty()) {
            requireCompatible(subject, versions.size(), type, schemaText);
        }
        int id = known != null ? known : schemasById.keySet().stream().mapToInt(i -> i).max().orElse(0) + 1;
        List<Integer> nextVersions = new ArrayList<>(versions);
        nextVersions.add(id);
        // Save the next state before adopting it: never answer with an id a restart would forget.
        String stored = type.equals(AVRO) ? canonical : schemaText;
        Map<Integer, String> nextSchemas = new TreeMap<>(schemasById);
        nextSchemas.put(id, stored);
        Map<String, List<Integer>> nextSubjects = new TreeMap<>(versionsBySubject);
        nextSubjects.put(subject, List.copyOf(nextVersions));
        Map<Integer, String> nextTypes = new TreeMap<>(typesById);
        if (!type.equals(AVRO)) {
            nextTypes.put(id, type);
        }
        save(new State(nextSchemas, nextSubjects, nextTypes));
        schemasById.put(id, stored);
        typesById.putAll(nextTypes);
        idsBySchema.put(canonical, id);
        versionsBySubject.put(subject, List.copyOf(nextVersions));
        return id;
    }

    /** The version of {@code subject} whose schema is {@code schemaText}. */
    synchronized Version lookup(String subject, String type, String schemaText) {
        List<Integer> versions = versionsOf(subject);
        Integer id = idsBySchema.get(canonical(type, schemaText));
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw RegistryError.schemaNotUnderSubject(subject);
        }
        return versionOf(subject, index + 1, id);
    }

    /** The schema with global id {@code id}, as {@code GET /schemas/ids/{id}} shows it (subject and version unset). */
    synchronized Version schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound(id);
        }
        return new Version(null, 0, id, schema, typeOf(id));
    }

    private Version versionOf(String subject, int version, int id) {
        return new Version(subject, version, id, schemasById.get(id), typeOf(id));
    }

    private String typeOf(int id) {
        return typesById.getOrDefault(id, AVRO);
    }

    synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    /** The version numbers of {@code subject}: 1 to the number of registrations. */
    synchronized List<Integer> versions(String subject) {
        return IntStream.rangeClosed(1, versionsOf(subject).size()).boxed().toList();
    }

    /** A version of {@code subject}; {@code versionSpec} is a number, or {@code latest} or -1 as in Confluent's API. */
    synchronized Version version(String subject, String versionSpec) {
        List<Integer> versions = versionsOf(subject);
        int version = isLatest(versionSpec) ? versions.size() : parseVersion(versionSpec);
        if (version > versions.size()) {
            throw RegistryError.versionNotFound(version);
        }
        return versionOf(subject, version, versions.get(version - 1));
    }

    /**
     * Whether {@code schemaText} could be registered after the given version of {@code subject}.
     * A subject without versions accepts anything, as Confluent's registry answers for {@code latest}.
     */
    synchronized boolean isCompatible(String subject, String versionSpec, String schemaText) {
        Schema schema = parse(schemaText);
        if (isLatest(versionSpec) && !versionsBySubject.containsKey(subject)) {
            return true;
        }
        Version against = version(subject, versionSpec);
        return against.type().equals(AVRO) && compatibility(schema, parse(against.schema())).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private void requireCompatible(String subject, int latestVersion, String type, String schemaText) {
        Version latest = version(subject, String.valueOf(latestVersion));
        if (!type.equals(latest.type())) {
            throw RegistryError.incompatible(subject, "[{errorType:'TYPE_CHANGED', description:'a " + latest.type()
                    + " subject takes no " + type + " schema'}, {oldSchemaVersion: " + latestVersion + "}]");
        }
        if (!type.equals(AVRO)) {
            return; // only Avro evolution is checked here
        }
        SchemaPairCompatibility result = compatibility(parse(schemaText), parse(latest.schema()));
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = result.getResult().getIncompatibilities().stream()
                    .map(i -> "{errorType:'" + i.getType() + "', description:'" + i.getMessage()
                            + "', location:'" + i.getLocation() + "'}")
                    .collect(Collectors.joining(", "));
            throw RegistryError.incompatible(subject, "[" + problems + ", {oldSchemaVersion: " + latestVersion
                    + "}, {compatibility: '" + COMPATIBILITY_LEVEL + "'}]");
        }
    }

    /** BACKWARD: consumers using the new schema can read data written with the old one. */
    private static SchemaPairCompatibility compatibility(Schema newSchema, Schema oldSchema) {
        return SchemaCompatibility.checkReaderWriterCompatibility(newSchema, oldSchema);
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static boolean isLatest(String versionSpec) {
        return versionSpec.equals("latest") || versionSpec.equals("-1");
    }

    private static int parseVersion(String versionSpec) {
        try {
            int version = Integer.parseInt(versionSpec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw RegistryError.invalidVersion(versionSpec);
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            // A fresh parser per schema: a parser remembers named types and rejects redefinitions.
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    /**
     * The key under which a schema is found again: Avro's own rendering, so that whitespace and
     * attribute order do not make a schema "new"; JSON re-rendered compactly; Protobuf as given.
     * Each but Avro's is prefixed with its type, so that equal texts of two types stay apart.
     */
    private static String canonical(String type, String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        return switch (type) {
            case AVRO -> parse(schemaText).toString();
            case "JSON" -> type + ":" + parseJson(schemaText);
            default -> type + ":" + schemaText;
        };
    }

    private static String parseJson(String schemaText) {
        try {
            return JSON.readTree(schemaText).toString();
        } catch (IOException e) {
            throw RegistryError.invalidSchema("a JSON schema must be JSON: " + e.getMessage());
        }
    }

    /** Writes a temp file, forces it to disk, then renames it over the old one: a crash leaves one or the other, whole. */
    private void save(State state) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the schema registry state to " + file + ": " + e.getMessage(), e);
        }
    }
}
