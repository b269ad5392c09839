package io.aegis.kernel.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * How the kernel builds fabric8 clients: with a {@link KubernetesSerialization} that knows the
 * kinds Aegis reads polymorphically — the six Aegis custom resources and {@code v1 Status} —
 * instead of one that searches the class path for every kind every model jar registers.
 *
 * <p>Why (docs/performance.md): fabric8's default serialization, on its first polymorphic read (a
 * watch event: match-rule's rule informer), loads and instantiates every {@code KubernetesResource}
 * the ~25 model jars list in {@code META-INF/services} — some 900 classes, none of them used,
 * during the first event after a cold start. Typed reads ({@code resources(AegisAlert.class)},
 * {@code pods()}, …) never needed that registry; a watch event or list item of an unregistered kind
 * deserializes as a {@link io.fabric8.kubernetes.api.model.GenericKubernetesResource}, as any kind
 * unknown to fabric8 always did.
 */
public final class KubeClients {
  /** The kinds registered for polymorphic reads (watch events, {@code Status} errors). */
  public static final List<Class<? extends KubernetesResource>> KINDS =
      List.of(
          AegisAlert.class,
          AegisAlertOpsRule.class,
          AegisOpsTemplate.class,
          AegisDiagnosis.class,
          AegisNodeHealthCheck.class,
          AegisClusterHealthCheck.class,
          Status.class);

  private KubeClients() {}

  /** A client for {@code config} with the {@link #serialization()} of Aegis' kinds. */
  public static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(serialization())
        .build();
  }

  /** A serialization that resolves {@link #KINDS} and no others, without a class-path search. */
  public static KubernetesSerialization serialization() {
    KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
    KINDS.forEach(serialization::registerKubernetesResource);
    return serialization;
  }
}
