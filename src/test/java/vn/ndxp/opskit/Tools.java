package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.ndxp.testing.Executables;

/**
 * The Prometheus executables the ops kit's tests run: {@code promtool} and {@code prometheus},
 * from the PATH (Debian package {@code prometheus}, which {@code .ci/run} installs); skipped or
 * failing without them as {@link Executables} says.
 */
final class Tools {
    static final String INSTALL = "install it with `apt-get install -y --no-install-recommends prometheus`"
            + " (Prometheus 2.42 with promtool), as .ci/run does";

    private Tools() {}

    /** The executable's path, or the test is skipped (locally) or fails (CI). */
    static Path require(String name) {
        return Executables.require(name, INSTALL);
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {}

    /** Runs a command to its end, at most {@code timeoutSeconds}. */
    static Result run(Path workDir, long timeoutSeconds, String... command) {
        try {
            Path output = Files.createTempFile("ndxp-tool-", ".log");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
