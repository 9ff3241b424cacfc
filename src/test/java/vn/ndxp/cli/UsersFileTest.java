package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void oneUserAndPasswordALineWithCommentsAndBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "# the test users\n\nalice:a:b:c\n  bob:secret  \n");
        assertThat(UsersFile.read(file)).containsExactly(Map.entry("alice", "a:b:c"), Map.entry("bob", "secret"));
    }

    @Test
    void aBadLineIsNamedByFileAndLineWithoutItsText() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "alice:ok\nbob-hunter2\n");
        assertThatThrownBy(() -> UsersFile.read(file))
                .isInstanceOf(UserException.class)
                .hasMessage(file + ":2: expected user:password");
        Path twice = Files.writeString(dir.resolve("twice"), "alice:one\nalice:two\n");
        assertThatThrownBy(() -> UsersFile.read(twice)).hasMessage(twice + ":2: user alice is named twice");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> UsersFile.read(empty)).hasMessageContaining("names no user");
        assertThatThrownBy(() -> UsersFile.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
