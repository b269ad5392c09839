package io.aegis.parsealert;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.events.EventTypes;
import java.util.List;
import java.util.Map;

/**
 * parse-alert's typical first events for the AOT-cache training run: a custom alert as a CloudEvent
 * and an Alertmanager webhook (see {@link AotTrainingScenario}).
 */
public final class ParseAlertTraining implements AotTrainingScenario {
  @Override
  public List<TrainingRequest> requests() {
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.ALERT_CUSTOM,
            "/aot-training/alerts",
            null,
            Map.of(),
            """
            {"type":"AotTrainingAlert","status":"Firing",
             "involvedObject":{"kind":"Node","name":"aot-training-node"},
             "details":{"reason":"aot-training","rack":"r1"}}"""),
        TrainingRequest.postJson(
            "/alertmanager/alert",
            """
            {"version":"4","status":"firing","receiver":"aegis","groupKey":"{}:{}",
             "alerts":[{"status":"firing","fingerprint":"aottraining0001",
               "labels":{"alertname":"AotTrainingAlert","node":"aot-training-node","severity":"warning"},
               "annotations":{"summary":"AOT training","description":"AOT training"},
               "startsAt":"2026-01-01T00:00:00Z"}]}"""));
  }
}
