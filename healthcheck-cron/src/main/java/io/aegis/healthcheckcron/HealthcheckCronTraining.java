package io.aegis.healthcheckcron;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.events.EventTypes;
import java.util.List;
import java.util.Map;

/**
 * healthcheck-cron's typical first event for the AOT-cache training run: the {@code
 * aegis-healthcheck} ping (see {@link AotTrainingScenario}).
 */
public final class HealthcheckCronTraining implements AotTrainingScenario {
  @Override
  public List<TrainingRequest> requests() {
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.PING,
            "/apis/v1/namespaces/aegis/pingsources/" + EventTypes.HEALTHCHECK_PING_SOURCE,
            null,
            Map.of(),
            "{\"kind\":\"healthcheck\"}"));
  }
}
