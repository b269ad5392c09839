package io.aegis.matchrule;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingFixtures;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * match-rule's typical first event for the AOT-cache training run: a new alert recorded, with a
 * rule and template that match it (see {@link AotTrainingScenario}).
 */
public final class MatchRuleTraining implements AotTrainingScenario {
  private AegisAlert alert;

  @Override
  public void seed(KubernetesClient api) {
    AegisOpsTemplate template = TrainingFixtures.template(api);
    TrainingFixtures.rule(api, template);
    alert = TrainingFixtures.alert(api);
  }

  @Override
  public List<TrainingRequest> requests() {
    AlertRecorded recorded =
        new AlertRecorded(
            TrainingFixtures.ref(alert),
            TrainingFixtures.ALERT_TYPE,
            "Firing",
            alert.getSpec().fingerprint,
            1,
            true);
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.ALERT_RECORDED,
            EventTypes.sourceOf(EventTypes.PARSE_ALERT),
            TrainingFixtures.ref(alert).subject(),
            Map.of(),
            TrainingFixtures.json(recorded)));
  }
}
