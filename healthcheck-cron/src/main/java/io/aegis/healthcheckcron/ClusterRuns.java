package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckSpec;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.OwnerRefs;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node checks of a cluster check's runs: what a child looks like, finding the children of a
 * run, and deleting the children of runs that are over.
 *
 * <p>A child is labelled {@code aegis.io/cluster-health-check=<name>} (to list them) and {@code
 * aegis.io/run=<epoch seconds of the schedule time>}, and carries a controller reference to the
 * cluster check — the reference, compared by uid, is what makes it a child (a re-created cluster
 * check of the same name does not adopt the old one's children).
 */
@Component
class ClusterRuns {
  private static final Logger log = LoggerFactory.getLogger(ClusterRuns.class);

  private final KubernetesClient client;
  private final NodeCheckRunner nodeChecks;
  private final boolean keepLastRun;

  ClusterRuns(
      KubernetesClient client, NodeCheckRunner nodeChecks, HealthcheckCronProperties properties) {
    this.client = client;
    this.nodeChecks = nodeChecks;
    this.keepLastRun = properties.healthcheck().keepLastRun();
  }

  /** The node checks {@code check} created, of {@code run} (of every run when null). */
  List<AegisNodeHealthCheck> children(AegisClusterHealthCheck check, Long run) {
    String uid = check.getMetadata().getUid();
    return client
        .resources(AegisNodeHealthCheck.class)
        .inNamespace(check.getMetadata().getNamespace())
        .withLabel(
            CheckVocabulary.CLUSTER_CHECK_LABEL,
            Labels.sanitizeValue(check.getMetadata().getName()))
        .list()
        .getItems()
        .stream()
        .filter(
            c ->
                KubeCalls.controller(c, check.getKind())
                    .map(o -> uid.equals(o.getUid()))
                    .orElse(false))
        .filter(c -> run == null || runOf(c) == run)
        .toList();
  }

  /**
   * The node check of {@code node} in {@code run}: named {@code <check>-<node>-<hash of (uid, run,
   * node)>}, same rule selector and template as the cluster check.
   */
  AegisNodeHealthCheck child(AegisClusterHealthCheck check, String node, long run) {
    String name = check.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    if (check.getMetadata().getLabels() != null) {
      labels.putAll(check.getMetadata().getLabels());
    }
    labels.put(CheckVocabulary.CLUSTER_CHECK_LABEL, Labels.sanitizeValue(name));
    labels.put(CheckVocabulary.RUN_LABEL, Long.toString(run));
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_AEGIS);
    if (Labels.isValidValue(node)) {
      labels.put(Labels.NODE, node);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(
        Names.withHashSuffix(
            name + "-" + node, check.getMetadata().getUid() + "/" + run + "/" + node));
    meta.setNamespace(check.getMetadata().getNamespace());
    meta.setLabels(labels);
    meta.setOwnerReferences(List.of(OwnerRefs.controller(check)));
    AegisNodeHealthCheckSpec spec = new AegisNodeHealthCheckSpec();
    spec.node = node;
    spec.ruleConfigmapSelector = check.getSpec().ruleConfigmapSelector;
    spec.template = Json.MAPPER.convertValue(check.getSpec().template, PodTemplateSpec.class);
    AegisNodeHealthCheck child = new AegisNodeHealthCheck();
    child.setMetadata(meta);
    child.setSpec(spec);
    return child;
  }

  /**
   * Deletes the children of runs before {@code run}, and those of {@code run} itself when it is
   * over and not kept. Children of a later run are left alone: a concurrent tick is starting it.
   */
  void cleanUp(AegisClusterHealthCheck check, long run, boolean runIsOver) {
    delete(
        check,
        children(check, null).stream()
            .filter(
                c -> {
                  long r = runOf(c);
                  return r < run || (r == run && runIsOver && !keepLastRun);
                })
            .toList());
  }

  /** Deletes {@code children} and their pods. */
  void delete(AegisClusterHealthCheck check, List<AegisNodeHealthCheck> children) {
    for (AegisNodeHealthCheck child : children) {
      KubeCalls.deleteQuietly(client, child);
      nodeChecks.deletePod(child); // the garbage collector would; fabric8's mock API has none
    }
    if (!children.isEmpty()) {
      log.info(
          "cluster check {}: deleted {} node checks of finished runs",
          ClusterCheckRunner.name(check),
          children.size());
    }
  }

  /** The run label of a child; children without one sort before every run. */
  static long runOf(AegisNodeHealthCheck child) {
    Map<String, String> labels = child.getMetadata().getLabels();
    try {
      return Long.parseLong(
          labels == null ? "" : labels.getOrDefault(CheckVocabulary.RUN_LABEL, ""));
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
