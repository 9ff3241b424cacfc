package vn.ndxp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of the embedded broker's SASL listener or registry: a file of one {@code user:password}
 * a line (blank lines and lines starting with '#' skipped), so that no password shows in the
 * process list. Errors name the file and line, never the line's text.
 */
final class UsersFile {
    private UsersFile() {}

    /** Each user's password, in the file's order. */
    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("Users file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("Cannot read users file " + file + ": " + e.getMessage());
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new UserException(file + ":" + (i + 1) + ": expected user:password");
            }
            if (users.put(line.substring(0, colon), line.substring(colon + 1)) != null) {
                throw new UserException(file + ":" + (i + 1) + ": user " + line.substring(0, colon) + " is named twice");
            }
        }
        if (users.isEmpty()) {
            throw new UserException("Users file " + file + " names no user");
        }
        return users;
    }
}
