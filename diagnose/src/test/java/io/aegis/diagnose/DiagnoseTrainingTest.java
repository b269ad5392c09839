package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.aot.AotTrainingRun;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's AOT-cache training run replays this function's first event ({@link
 * DiagnoseTraining}) against the stub API: if the scenario stopped being answered 2xx, the cache
 * would silently stop holding the first event's classes and cold starts would slow down.
 */
class DiagnoseTrainingTest {
  @Test
  void theTrainingRunServesTheFunctionsFirstEvent() {
    assertThat(AotTrainingRun.completed(DiagnoseApplication.class))
        .contains("events", "alerts", "workflows", "sink", "probes")
        .filteredOn(step -> step.startsWith("DiagnoseTraining:"))
        .isNotEmpty()
        .allMatch(step -> step.matches("DiagnoseTraining:2\\d\\d"), "answered 2xx");
  }
}
