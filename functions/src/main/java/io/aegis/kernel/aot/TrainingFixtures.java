package io.aegis.kernel.aot;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Objects the {@link AotTrainingScenario}s of several functions need in the training run's stub
 * API: a Firing node alert, the cordon template of the README and the rule linking them, in the
 * default alert namespace. Written as JSON and read with the client's own (typed) serialization.
 */
public final class TrainingFixtures {
  /** The default alert namespace ({@code aegis.alert.namespace}). */
  public static final String NAMESPACE = "monitoring";

  /** The alert type of the fixtures. */
  public static final String ALERT_TYPE = "AotTrainingAlert";

  private TrainingFixtures() {}

  /** Creates the cordon template. */
  public static AegisOpsTemplate template(KubernetesClient api) {
    return create(
        api,
        """
        {"apiVersion":"aegis.io/v1alpha1","kind":"AegisOpsTemplate",
         "metadata":{"name":"aot-training-cordon","namespace":"monitoring"},
         "spec":{"manifest":"apiVersion: argoproj.io/v1alpha1\\nkind: Workflow\\nmetadata:\\n  generateName: cordon-\\nspec:\\n  entrypoint: main\\n  serviceAccountName: aegis-workflow\\n  ttlStrategy:\\n    secondsAfterCompletion: 3600\\n  templates:\\n  - name: main\\n    container:\\n      image: bitnami/kubectl:latest\\n      command: [kubectl, cordon, \\"[=InvolvedObjectName]\\"]\\n"}}""",
        AegisOpsTemplate.class);
  }

  /** Creates a rule matching {@link #ALERT_TYPE} Firing that names {@code template}. */
  public static AegisAlertOpsRule rule(KubernetesClient api, AegisOpsTemplate template) {
    return create(
        api,
        """
        {"apiVersion":"aegis.io/v1alpha1","kind":"AegisAlertOpsRule",
         "metadata":{"name":"aot-training-rule","namespace":"monitoring"},
         "spec":{"alertConditions":[{"type":"%s","status":"Firing"}],
          "opsTemplate":{"kind":"AegisOpsTemplate","apiVersion":"aegis.io/v1alpha1",
           "namespace":"monitoring","name":"%s"}}}"""
            .formatted(ALERT_TYPE, template.getMetadata().getName()),
        AegisAlertOpsRule.class);
  }

  /** Creates a new Firing alert on a node, as parse-alert records it. */
  public static AegisAlert alert(KubernetesClient api) {
    return create(
        api,
        """
        {"apiVersion":"aegis.io/v1alpha1","kind":"AegisAlert",
         "metadata":{"name":"default-aottrainingalert-abcde","namespace":"monitoring",
          "labels":{"alert-source-type":"Default","alert-type":"%1$s","alert-status":"Firing",
           "fingerprint":"aot-training","aegis.io/node":"aot-training-node"}},
         "spec":{"source":"Default","type":"%1$s","status":"Firing",
          "involvedObject":{"kind":"Node","name":"aot-training-node","node":"aot-training-node"},
          "details":{"reason":"aot-training"},"fingerprint":"aot-training"}}"""
            .formatted(ALERT_TYPE),
        AegisAlert.class);
  }

  /** {@code object}'s reference as events carry it. */
  public static ResourceRef ref(HasMetadata object) {
    return new ResourceRef(
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        object.getMetadata().getUid());
  }

  /** {@code object} as JSON (event data). */
  public static String json(Object object) {
    return new String(Json.write(object), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads {@code json} as {@code type} and creates it. */
  public static <T extends HasMetadata> T create(KubernetesClient api, String json, Class<T> type) {
    T object = api.getKubernetesSerialization().unmarshal(json, type);
    return api.resource(object).create();
  }
}
