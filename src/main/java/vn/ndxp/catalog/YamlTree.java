package vn.ndxp.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML document read into a small tree that keeps the line of every key and value, so that the
 * validation can point at them. Duplicate keys are kept aside (YAML parsers usually let the last
 * one win silently), to be reported.
 */
final class YamlTree {

    /** Characters in a document at most: room for a catalog 20 times the built-in one (catalog --scale). */
    static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

    /** Thread-safe; snakeyaml's other default limits apply (no alias bombs). */
    private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    private YamlTree() {}

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        /** 1-based line where the node starts. */
        int line();

        /** What the node is, for messages: "a mapping", "a list", "a number"... */
        String describe();
    }

    /** One key of a mapping, with the line of the key. */
    record Entry(String key, int line, Node value) {}

    record MapNode(int line, Map<String, Entry> entries, List<Entry> duplicates) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /**
     * A scalar: {@code text} is the value as written (for booleans too: YAML 1.1 reads
     * {@code NO} as false), {@code number} is set for INTEGER and FLOAT.
     */
    record ScalarNode(int line, ScalarType type, String text, Number number) implements Node {
        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "the text \"" + text + "\"";
                case INTEGER, FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "an empty value";
            };
        }
    }

    /**
     * Reads one YAML document. Returns null for an empty document.
     *
     * @throws CatalogException naming the source, line and column of a YAML syntax error
     */
    static Node read(InputStream in, String source) {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            Node root = readValue(p, first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new CatalogException(source + ": line " + p.currentTokenLocation().getLineNr()
                        + ": a second YAML document; a catalog file holds exactly one");
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line;
            int column;
            if (e.getProblemMark() != null) {
                line = e.getProblemMark().getLine() + 1;
                column = e.getProblemMark().getColumn() + 1;
            } else {
                line = lineOf(e.getLocation());
                column = columnOf(e.getLocation());
            }
            String problem = e.getProblem() != null ? e.getProblem() : e.getOriginalMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new CatalogException(source + ": YAML syntax error at line " + line + ", column " + column
                    + ": " + firstLine(problem) + context, e);
        } catch (JsonProcessingException e) {
            throw new CatalogException(source + ": YAML syntax error at line " + lineOf(e.getLocation())
                    + ", column " + columnOf(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new CatalogException(source + ": cannot read: " + e, e);
        }
    }

    private static Node readValue(JsonParser p, JsonToken token) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                List<Entry> duplicates = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw new JsonParseProblem(p, "unexpected " + t + " in a mapping");
                    }
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    Node value = readValue(p, p.nextToken());
                    Entry entry = new Entry(key, keyLine, value);
                    if (entries.containsKey(key)) {
                        duplicates.add(entry);
                    } else {
                        entries.put(key, entry);
                    }
                }
                return new MapNode(line, entries, duplicates);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(p, t));
                }
                return new ListNode(line, items);
            }
            case VALUE_STRING:
                return new ScalarNode(line, ScalarType.STRING, p.getText(), null);
            case VALUE_NUMBER_INT:
                return new ScalarNode(line, ScalarType.INTEGER, p.getText(), p.getNumberValue());
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(line, ScalarType.FLOAT, p.getText(), p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new ScalarNode(line, ScalarType.BOOLEAN, p.getText(), null);
            case VALUE_NULL:
                return new ScalarNode(line, ScalarType.NULL, "", null);
            default:
                throw new JsonParseProblem(p, "unexpected " + token);
        }
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? -1 : location.getLineNr();
    }

    private static int columnOf(JsonLocation location) {
        return location == null ? -1 : location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    /** A structural surprise while walking the tokens, reported like a syntax error. */
    private static final class JsonParseProblem extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseProblem(JsonParser p, String message) {
            super(p, message);
        }
    }
}
