package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch journal's file: checked lines, a torn tail forgiven and cut off, one writer at a time. */
@DisplayName("The batch journal")
class JournalTest {
  @TempDir Path out;

  private void writeSome() throws Exception {
    try (Journal journal = Journal.open(out)) {
      journal.queued("a", "f-a");
      journal.queued("b", "f-b");
      journal.sent("a", null);
      journal.done("a", List.of("a.png"));
      journal.sent("b", "trace-b");
      journal.task("b", "task-b");
    }
  }

  @Test
  @DisplayName("reads back each item's state from its lines, each line ending with its check value")
  void roundTrip() throws Exception {
    writeSome();

    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE));
    assertThat(lines).hasSize(6).allMatch(l -> l.matches("\\{\"item\":.*,\"crc\":\"[0-9a-f]{8}\"}"));
    try (Journal journal = Journal.open(out)) {
      assertThat(journal.hadTornTail()).isFalse();
      Journal.Entry a = journal.entries().get("a");
      Journal.Entry b = journal.entries().get("b");
      assertThat(a.status).isEqualTo(Journal.Status.DONE);
      assertThat(a.files).containsExactly("a.png");
      assertThat(a.request).isEqualTo("f-a");
      assertThat(b.status).isEqualTo(Journal.Status.TASK);
      assertThat(b.taskId).isEqualTo("task-b");
      journal.failed("b", "transport", true, true, "no answer");
    }
    try (Journal journal = Journal.open(out)) {
      Journal.Entry b = journal.entries().get("b");
      assertThat(b.status).isEqualTo(Journal.Status.UNCERTAIN);
      assertThat(b.taskId).as("a failed poll keeps the task").isEqualTo("task-b");
    }
  }

  @Test
  @DisplayName("ignores a torn last line (cut short, or with a wrong check value) and cuts it off before appending")
  void tornTail() throws Exception {
    writeSome();
    Path file = out.resolve(Journal.FILE);
    long whole = Files.size(file);
    Files.writeString(file, "{\"item\":\"b\",\"event\":\"done\",\"files\":[\"b.p", StandardOpenOption.APPEND);

    try (Journal journal = Journal.open(out)) {
      assertThat(journal.hadTornTail()).isTrue();
      assertThat(journal.entries().get("b").status).isEqualTo(Journal.Status.TASK);
      assertThat(Files.size(file)).isEqualTo(whole);
      journal.done("b", List.of("b.png"));
    }
    try (Journal journal = Journal.open(out)) {
      assertThat(journal.hadTornTail()).isFalse();
      assertThat(journal.entries().get("b").status).isEqualTo(Journal.Status.DONE);
    }

    // A whole last line whose check value does not match (a crash that left garbage in the block).
    String last = Files.readAllLines(file).get(6);
    Files.writeString(file, last.replace("b.png", "x.png") + "\n", StandardOpenOption.APPEND);
    try (Journal journal = Journal.open(out)) {
      assertThat(journal.hadTornTail()).isTrue();
      assertThat(journal.entries().get("b").files).containsExactly("b.png");
    }
  }

  @Test
  @DisplayName("refuses a journal damaged before its last line: that is no crash of ours")
  void damaged() throws Exception {
    writeSome();
    Path file = out.resolve(Journal.FILE);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"a\"", "\"z\""));
    Files.write(file, lines, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Journal.open(out)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 3 is damaged");
  }

  @Test
  @DisplayName("is written by one batch at a time")
  void locked() throws Exception {
    try (Journal first = Journal.open(out)) {
      // The same JVM asking again is refused too (the lock is the process's; the JDK says so).
      assertThatThrownBy(() -> Journal.open(out)).isInstanceOfAny(IllegalStateException.class,
          java.nio.channels.OverlappingFileLockException.class);
    }
    try (Journal again = Journal.open(out)) {
      assertThat(again.entries()).isEmpty();
    }
  }
}
