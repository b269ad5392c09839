package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What ApiServerSource events mean to healthcheck-cron. An event only says "look": the pod and the
 * checks are read again from the API server, so a stale or reordered event cannot move a check
 * backwards, and a redelivered one finds the work done.
 */
@Component
class CheckEvents {
  private static final Logger log = LoggerFactory.getLogger(CheckEvents.class);
  private static final String NODE_CHECK_KIND = HasMetadata.getKind(AegisNodeHealthCheck.class);
  private static final String CLUSTER_KIND = HasMetadata.getKind(AegisClusterHealthCheck.class);

  private final KubernetesClient client;
  private final NodeCheckRunner nodeChecks;
  private final ClusterCheckRunner clusterChecks;

  CheckEvents(
      KubernetesClient client, NodeCheckRunner nodeChecks, ClusterCheckRunner clusterChecks) {
    this.client = client;
    this.nodeChecks = nodeChecks;
    this.clusterChecks = clusterChecks;
  }

  /**
   * A check pod was added, changed or deleted: apply its current state (gone, for a deleted pod) to
   * its node check, then to the cluster check that owns the node check, if any. Pods without the
   * {@code aegis.io/health-check} label, or whose node check is gone or was re-created, are
   * ignored.
   */
  void podChanged(Pod seen) {
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    if (seen.getMetadata().getLabels() == null
        || !seen.getMetadata().getLabels().containsKey(Labels.HEALTH_CHECK)) {
      log.debug("pod {}/{} is not a check pod: ignored", ns, name);
      return;
    }
    Optional<OwnerReference> owner = KubeCalls.controller(seen, NODE_CHECK_KIND);
    if (owner.isEmpty()) {
      log.debug("check pod {}/{} has no AegisNodeHealthCheck owner: ignored", ns, name);
      return;
    }
    AegisNodeHealthCheck check =
        client
            .resources(AegisNodeHealthCheck.class)
            .inNamespace(ns)
            .withName(owner.get().getName())
            .get();
    if (check == null || !check.getMetadata().getUid().equals(owner.get().getUid())) {
      log.debug("node check of pod {}/{} is gone: ignored", ns, name);
      return;
    }
    Pod current = client.pods().inNamespace(ns).withName(name).get();
    nodeChecks.observe(check, current);
    parentOf(check).ifPresent(clusterChecks::aggregate);
  }

  /**
   * A node check was created (by a user or a cluster check): start it now, not at the next tick.
   */
  void nodeCheckAdded(AegisNodeHealthCheck seen) {
    AegisNodeHealthCheck check =
        client
            .resources(AegisNodeHealthCheck.class)
            .inNamespace(seen.getMetadata().getNamespace())
            .withName(seen.getMetadata().getName())
            .get();
    if (check == null) {
      return;
    }
    nodeChecks.ensureStarted(check);
    parentOf(check).ifPresent(clusterChecks::aggregate);
  }

  /** The cluster check owning {@code check} (the very object: same uid), if any. */
  private Optional<AegisClusterHealthCheck> parentOf(AegisNodeHealthCheck check) {
    Optional<OwnerReference> ref = KubeCalls.controller(check, CLUSTER_KIND);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    AegisClusterHealthCheck parent =
        client
            .resources(AegisClusterHealthCheck.class)
            .inNamespace(check.getMetadata().getNamespace())
            .withName(ref.get().getName())
            .get();
    return Optional.ofNullable(parent)
        .filter(p -> p.getMetadata().getUid().equals(ref.get().getUid()));
  }
}
