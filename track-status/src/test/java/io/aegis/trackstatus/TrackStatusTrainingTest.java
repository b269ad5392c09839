package io.aegis.trackstatus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.aot.AotTrainingRun;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's AOT-cache training run replays this function's first event ({@link
 * TrackStatusTraining}) against the stub API: if the scenario stopped being answered 2xx, the cache
 * would silently stop holding the first event's classes and cold starts would slow down.
 */
class TrackStatusTrainingTest {
  @Test
  void theTrainingRunServesTheFunctionsFirstEvent() {
    assertThat(AotTrainingRun.completed(TrackStatusApplication.class))
        .contains("events", "alerts", "workflows", "sink", "probes")
        .filteredOn(step -> step.startsWith("TrackStatusTraining:"))
        .isNotEmpty()
        .allMatch(step -> step.matches("TrackStatusTraining:2\\d\\d"), "answered 2xx");
  }
}
