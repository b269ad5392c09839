package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code aegis-healthcheck} ping: the CRs are the truth, so each tick re-drives everything from
 * them. First every unfinished node check (its pod is created if missing — covering lost or never
 * sent events — and its state re-read from the pod; hand-made checks past the node-check timeout
 * fail), then every cluster check (timeouts, aggregation, due runs). One object's failure does not
 * stop the others; a transient one is rethrown at the end so the broker retries the tick.
 */
@Component
class Ticker {
  private static final Logger log = LoggerFactory.getLogger(Ticker.class);
  private static final String CLUSTER_KIND = HasMetadata.getKind(AegisClusterHealthCheck.class);

  private final KubernetesClient client;
  private final NodeCheckRunner nodeChecks;
  private final ClusterCheckRunner clusterChecks;
  private final Clock clock;
  private final String namespace;
  private final Duration nodeCheckTimeout;

  Ticker(
      KubernetesClient client,
      NodeCheckRunner nodeChecks,
      ClusterCheckRunner clusterChecks,
      Clock clock,
      HealthcheckCronProperties properties) {
    this.client = client;
    this.nodeChecks = nodeChecks;
    this.clusterChecks = clusterChecks;
    this.clock = clock;
    this.namespace = properties.alert().namespace();
    this.nodeCheckTimeout = properties.healthcheck().nodeCheckTimeout();
  }

  void tick() {
    AegisException retry = null;
    for (AegisNodeHealthCheck check : list(AegisNodeHealthCheck.class)) {
      if (!CheckVocabulary.isFinished(check.getStatus())) {
        retry = keepFirst(retry, run(check, () -> reconcile(check)));
      }
    }
    for (AegisClusterHealthCheck check : list(AegisClusterHealthCheck.class)) {
      retry = keepFirst(retry, run(check, () -> clusterChecks.tick(check)));
    }
    if (retry != null) {
      throw retry;
    }
  }

  private void reconcile(AegisNodeHealthCheck check) {
    boolean standalone = KubeCalls.controller(check, CLUSTER_KIND).isEmpty();
    Instant started =
        check.getStatus() == null
            ? null
            : Timestamps.parse(check.getStatus().startTime).orElse(null);
    if (standalone && started != null && clock.instant().isAfter(started.plus(nodeCheckTimeout))) {
      nodeChecks.timeOut(
          check, "did not finish within " + nodeCheckTimeout.toString().substring(2).toLowerCase());
    } else {
      nodeChecks.ensureStarted(check);
    }
  }

  private <T extends HasMetadata> java.util.List<T> list(Class<T> kind) {
    try {
      return client.resources(kind).inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      throw KubeCalls.unavailable("listing " + HasMetadata.getPlural(kind) + " in " + namespace, e);
    }
  }

  /** Runs one object's step; returns the transient failure to rethrow later, if any. */
  private static AegisException run(HasMetadata object, Runnable step) {
    String what =
        object.getKind()
            + " "
            + object.getMetadata().getNamespace()
            + "/"
            + object.getMetadata().getName();
    try {
      step.run();
      return null;
    } catch (AegisException e) {
      log.warn("{}: {}", what, e.getMessage());
      return e.reason().isTransient() ? e : null;
    } catch (KubernetesClientException e) {
      if (KubeCalls.isPermanent(e)) {
        log.error("{}: the API server refused: {}", what, KubeCalls.describe(e), e);
        return null;
      }
      log.warn("{}: Kubernetes API failed: {}", what, e.getMessage());
      return KubeCalls.unavailable(what, e);
    }
  }

  private static AegisException keepFirst(AegisException first, AegisException next) {
    return first != null ? first : next;
  }
}
