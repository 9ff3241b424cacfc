package vn.ndxp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.catalog.Agency;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.ScaledCatalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.time.DayProfile;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Prints the catalog of agencies, systems and services that the simulator and the checks use.")
final class CatalogCommand implements Callable<Integer> {
    enum Format { table, json }

    @Mixin
    CatalogOption catalog;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--scale", paramLabel = "K",
            description = {"Write instead a synthetic catalog K times as large (1-" + ScaledCatalog.MAX_SCALE + "): every agency,"
                    + " system and service K times, copies 2..K with _<copy> after their codes and their weights varied;"
                    + " valid like any catalog, for `--catalog` of every command. Simulate it with --volume K x 2800000.",
                    "To measure how the platform's cost grows (docs/scaling.md)."})
    Integer scale;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights of a --scale catalog (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the --scale catalog here (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Catalog c = catalog.load();
        if (scale != null) {
            return writeScaled(c);
        }
        if (format == Format.json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(c)));
            return 0;
        }
        System.out.printf("%s: %d agencies, %d systems, %d services%n%n", c.source(), c.agencyCount(), c.systemCount(), c.serviceCount());
        System.out.printf("%-10s %-18s %7s %8s  %s%n", "AGENCY", "KIND", "SYSTEMS", "SERVICES", "NAME");
        for (Agency a : c.agencies()) {
            List<SystemInfo> systems = c.systemsOf(a.code());
            int services = systems.stream().mapToInt(s -> s.services().size()).sum();
            System.out.printf("%-10s %-18s %7d %8d  %s (%s)%n", a.code(), a.kind(), systems.size(), services, a.nameEn(), a.nameVi());
        }
        return 0;
    }

    private int writeScaled(Catalog base) throws IOException {
        if (scale < 1 || scale > ScaledCatalog.MAX_SCALE) {
            throw new UserException("--scale must be 1 to " + ScaledCatalog.MAX_SCALE + ", got " + scale);
        }
        String yaml = ScaledCatalog.yaml(base, scale, seed);
        // Checked as any user's file would be: what is written loads.
        Catalog scaled = CatalogLoader.parse(yaml, "the scaled catalog");
        if (out == null) {
            System.out.print(yaml);
        } else {
            Files.writeString(out, yaml, StandardCharsets.UTF_8);
        }
        System.err.printf("%s: %d agencies, %d systems, %d services; simulate it with --volume %d%n",
                out == null ? "scaled catalog" : out, scaled.agencyCount(), scaled.systemCount(), scaled.serviceCount(),
                Math.round(DayProfile.WORKDAY_VOLUME * scale));
        return 0;
    }

    private static Map<String, Object> json(Catalog c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agencies", c.agencies());
        doc.put("systems", c.systems().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", s.code());
            m.put("agency", s.agencyCode());
            m.put("kind", s.kind());
            m.put("nameVi", s.nameVi());
            m.put("nameEn", s.nameEn());
            m.put("consumerWeight", s.consumerWeight());
            m.put("services", s.services().stream().map(v -> Map.of("code", v.code(), "nameEn", v.nameEn(), "weight", v.weight())).toList());
            return m;
        }).toList());
        return doc;
    }
}
