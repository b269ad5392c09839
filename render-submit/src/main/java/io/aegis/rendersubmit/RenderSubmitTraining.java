package io.aegis.rendersubmit;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingFixtures;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * render-submit's typical first event for the AOT-cache training run: an alert matched to the
 * cordon template, rendered, validated and submitted (see {@link AotTrainingScenario}).
 */
public final class RenderSubmitTraining implements AotTrainingScenario {
  private AegisAlert alert;
  private AegisAlertOpsRule rule;
  private AegisOpsTemplate template;

  @Override
  public void seed(KubernetesClient api) {
    template = TrainingFixtures.template(api);
    rule = TrainingFixtures.rule(api, template);
    alert = TrainingFixtures.alert(api);
  }

  @Override
  public List<TrainingRequest> requests() {
    AlertMatched matched =
        new AlertMatched(
            TrainingFixtures.ref(alert),
            TrainingFixtures.ref(rule),
            TrainingFixtures.ref(template));
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.ALERT_MATCHED,
            EventTypes.sourceOf(EventTypes.MATCH_RULE),
            TrainingFixtures.ref(alert).subject(),
            Map.of(),
            TrainingFixtures.json(matched)));
  }
}
