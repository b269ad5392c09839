package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  private static final Path HOME = Path.of("/repo");

  @Test
  void defaultsAreTheReadmeRunCommand() {
    RunnerOptions o = RunCommand.parse(HOME, List.of());
    assertThat(o.webhookPort()).isEqualTo(8080);
    assertThat(o.simulateWorkflows()).isFalse();
    assertThat(o.kubeconfig()).isNull();
    assertThat(o.functions()).containsExactlyInAnyOrderElementsOf(RunnerOptions.ALL_FUNCTIONS);
    assertThat(o.workDir()).isEqualTo(HOME.resolve("target/aegis-local"));
    assertThat(o.applyExamples()).isTrue();
  }

  @Test
  void optionsAreParsed() {
    RunnerOptions o =
        RunCommand.parse(
            HOME,
            List.of(
                "--port",
                "9090",
                "--simulate-workflows",
                "--simulation-delay",
                "500ms",
                "--ping-interval",
                "2s",
                "--functions",
                "parse-alert,match-rule",
                "--set",
                "aegis.track-status.stuck-after=5s",
                "--no-examples"));
    assertThat(o.webhookPort()).isEqualTo(9090);
    assertThat(o.simulateWorkflows()).isTrue();
    assertThat(o.simulationDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.functions()).isEqualTo(Set.of("parse-alert", "match-rule"));
    assertThat(o.properties()).containsEntry("aegis.track-status.stuck-after", "5s");
    assertThat(o.applyExamples()).isFalse();
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--port", "x")))
        .hasMessageContaining("not a port");
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--bogus")))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--functions", "parse-alert,nope")))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--kubeconfig", "/no/such/file")))
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--install-crds")))
        .hasMessageContaining("--kubeconfig");
    assertThatThrownBy(() -> RunCommand.parse(HOME, List.of("--ping-interval")))
        .hasMessageContaining("needs a value");
  }
}
