package vn.ndxp.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs from Debian's packages that tests run (prometheus, promtool, chromium, chromedriver),
 * found on the PATH. On a developer's machine without one the test is skipped with a message that
 * says how to install it; on CI ({@code CI} set to anything but {@code false}) it fails instead, so
 * that the checks cannot silently stop running.
 */
public final class Executables {
    private Executables() {}

    /** The executable's path, or the test is skipped (locally) or fails (CI); {@code install} says how to get it. */
    public static Path require(String name, String install) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not on the PATH: " + install + ".";
        if (onCi()) {
            fail(message + " CI must run these checks.");
        }
        Assumptions.abort(message + " Skipped here; CI runs them.");
        throw new AssertionError("unreachable");
    }

    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
