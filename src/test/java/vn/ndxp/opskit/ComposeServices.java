package vn.ndxp.opskit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.ndxp.testing.NdxpProcess;

/**
 * The ndxp services of a compose file, started natively as the file says: the same command,
 * arguments and environment, with what only exists inside Docker stood in for. Service names
 * become the stand-ins' addresses ({@code kafka:29092}), each container path of a named volume a
 * directory, each published port a free loopback port ({@code --metrics-port=9404} with
 * {@code --metrics-host=0.0.0.0}, all of a container's own interfaces, becomes the free port on
 * 127.0.0.1), and the image's {@code java -jar /opt/ndxp/ndxp.jar} this build on the test class path.
 * Variables ({@code ${NAME:-default}}) are interpolated from the given ones, as compose takes them
 * from the shell or a {@code .env} file.
 */
final class ComposeServices {
    private static final String IMAGE_COMMAND = "java -jar /opt/ndxp/ndxp.jar";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final JsonNode services;
    private final Map<String, String> addresses;
    private final Path volumes;
    private final Map<String, String> variables;
    private final Map<String, Integer> hostPorts = new HashMap<>();

    /**
     * @param addresses what replaces each {@code service:port} or URL of a stand-in, e.g.
     *                  {@code kafka:29092} to the embedded broker's bootstrap servers
     * @param volumes   where the named volumes' directories are made
     * @param variables the variables compose would interpolate
     */
    ComposeServices(JsonNode compose, Map<String, String> addresses, Path volumes, Map<String, String> variables) {
        this.services = compose.path("services");
        this.addresses = Map.copyOf(addresses);
        this.volumes = volumes;
        this.variables = Map.copyOf(variables);
    }

    /** The loopback port that stands for a published container port of a service; the same for every start. */
    int hostPort(String service, int containerPort) {
        return hostPorts.computeIfAbsent(service + ":" + containerPort, k -> PrometheusServer.freePort());
    }

    /** The directory that stands for a named volume. */
    Path volume(String name) {
        return volumes.resolve(name);
    }

    /**
     * Starts a service as compose would.
     *
     * @param moreVariables variables of this start, over the others (a user's {@code VAR=x docker compose up})
     */
    NdxpProcess start(String service, Path logs, Map<String, String> moreVariables) {
        JsonNode s = services.path(service);
        if (s.isMissingNode()) {
            throw new IllegalArgumentException("No service " + service + " in the compose file");
        }
        Map<String, String> vars = new HashMap<>(variables);
        vars.putAll(moreVariables);
        Map<String, String> rewrites = rewrites(service, s);
        Map<String, String> env = new LinkedHashMap<>();
        s.path("environment").properties().forEach(e ->
                env.put(e.getKey(), rewrite(interpolate(e.getValue().asText(), vars), rewrites)));
        moreVariables.forEach(env::putIfAbsent); // as a .env file would not, but a test may need to
        List<String> command = new ArrayList<>();
        for (JsonNode arg : s.path("command")) {
            command.add(rewrite(interpolate(arg.asText(), vars), rewrites));
        }
        List<String> entrypoint = new ArrayList<>();
        s.path("entrypoint").forEach(e -> entrypoint.add(e.asText()));
        List<String> full = new ArrayList<>();
        if (entrypoint.isEmpty()) { // the image's: java -jar /opt/ndxp/ndxp.jar
            full.addAll(NdxpProcess.ndxp(command.toArray(String[]::new)));
        } else {
            full.addAll(entrypoint);
            full.addAll(command);
        }
        return NdxpProcess.run("stack-" + service, logs, full, env);
    }

    /** Addresses, volume paths, ports and the image's command, for one service. */
    private Map<String, String> rewrites(String name, JsonNode service) {
        Map<String, String> rewrites = new LinkedHashMap<>(addresses);
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (!parts[0].startsWith(".")) { // a named volume, not a bind mount
                Path dir = volume(parts[0]);
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rewrites.put(parts[1], dir.toString());
            }
        }
        for (JsonNode p : service.path("ports")) {
            String[] parts = p.asText().split(":");
            String container = parts[parts.length - 1];
            rewrites.put("-port=" + container, "-port=" + hostPort(name, Integer.parseInt(container)));
        }
        rewrites.put("=0.0.0.0", "=127.0.0.1");
        String ndxp = String.join(" ", NdxpProcess.ndxp().stream().map(a -> "'" + a + "'").toList());
        rewrites.put(IMAGE_COMMAND, ndxp);
        return rewrites;
    }

    private static String rewrite(String text, Map<String, String> rewrites) {
        String out = text;
        for (Map.Entry<String, String> r : rewrites.entrySet()) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }

    /** {@code ${NAME}} and {@code ${NAME:-default}}, as compose reads them (empty counts as unset for {@code :-}). */
    static String interpolate(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
