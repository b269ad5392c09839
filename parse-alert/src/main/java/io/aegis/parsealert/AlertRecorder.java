package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records alerts as {@link Episodes} of AegisAlerts, race-free with API-server guarantees only (no
 * cache). A Firing delivery reads the fingerprint's episodes from the API server and counts on the
 * latest when it is open; otherwise it creates the next one. Concurrent deliveries of a new episode
 * compute the same name, the API server lets exactly one create win (409 for the others), and every
 * delivery, the creator's included, increments {@code status.count} through a
 * resourceVersion-guarded status write retried on conflict. A Resolved delivery marks every episode
 * of the fingerprint that is still Firing and never creates one.
 */
@Component
class AlertRecorder {
  static final String CONDITION_NODE_KNOWN = "NodeKnown";
  static final String REASON_POD_NOT_FOUND = "PodNotFound";
  static final String REASON_POD_NOT_SCHEDULED = "PodNotScheduled";
  static final String REASON_POD_LOOKUP_FAILED = "PodLookupFailed";

  private static final Logger log = LoggerFactory.getLogger(AlertRecorder.class);
  private static final int MAX_ATTEMPTS = 20;

  /**
   * One episode this delivery touched.
   *
   * @param created true when this delivery created the episode
   * @param announce true when match-rule should hear about it: a new episode (created now, or not
   *     yet picked up by match-rule — a retry after a failed publish) or a Resolved one
   */
  record Recorded(AegisAlert alert, boolean created, boolean announce) {}

  private final KubernetesClient client;
  private final KernelStandIns.StatusWriter statusWriter;
  private final Clock clock;
  private final ParseAlertProperties properties;

  AlertRecorder(KubernetesClient client, Clock clock, ParseAlertProperties properties) {
    this.client = client;
    this.statusWriter = new KernelStandIns.StatusWriter(client);
    this.clock = clock;
    this.properties = properties;
  }

  /**
   * Records one delivery; returns the episodes it touched (none for a Resolved alert whose
   * fingerprint is unknown).
   *
   * @throws AegisException transient ({@code API_UNAVAILABLE}, {@code CONFLICT}) when the API
   *     server failed, invalid input when it rejected the alert
   */
  List<Recorded> record(Alert alert) {
    try {
      return alert.status() == AlertStatus.Resolved ? resolve(alert) : fire(alert);
    } catch (KubernetesClientException e) {
      throw translate(e);
    }
  }

  private List<Recorded> fire(Alert alert) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      AegisAlert latest = Episodes.latest(episodes(alert));
      try {
        if (latest != null && Episodes.isOpen(latest.getStatus())) {
          AegisAlert counted = count(latest.getMetadata().getName(), false, null);
          if (counted != null) {
            return List.of(new Recorded(counted, false, awaitsMatch(counted)));
          }
          continue; // it closed (or vanished) between our read and our write: look again
        }
        Recorded created = createEpisode(alert, latest == null ? 1 : Episodes.number(latest) + 1);
        if (created != null) {
          return List.of(created);
        }
      } catch (AegisException e) {
        if (e.reason() != Reason.CONFLICT) {
          throw e;
        }
        log.debug("contention on alert {}, looking again: {}", alert.fingerprint(), e.getMessage());
      }
    }
    throw new AegisException(
        Reason.CONFLICT, "could not record alert " + alert.fingerprint() + ": too much contention");
  }

  /**
   * Creates episode {@code episode} (or a later one when its name is taken by a closed episode or,
   * rarely, by another fingerprint whose name hash collides), or counts on it when a concurrent
   * delivery created it first. Null when the caller should look again.
   */
  private Recorded createEpisode(Alert alert, int episode) {
    NodeLookup node = node(alert);
    for (int n = episode; n < episode + MAX_ATTEMPTS; n++) {
      AegisAlert desired =
          Episodes.build(alert, n, node.node(), namespace(), properties.systemParameters());
      String name = desired.getMetadata().getName();
      try {
        client.resource(desired).create();
        log.info("created alert {}/{} for {} {}", namespace(), name, alert.type(), alert.name());
        return new Recorded(count(name, true, node.problem()), true, true);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
      AegisAlert existing = get(name);
      if (existing == null) {
        return null; // deleted meanwhile (TTL): start over
      }
      if (!alert.fingerprint().equals(existing.getSpec().fingerprint)) {
        continue; // another fingerprint owns this name
      }
      if (Episodes.isOpen(existing.getStatus())) {
        AegisAlert counted = count(name, false, null);
        if (counted != null) {
          return new Recorded(counted, false, awaitsMatch(counted));
        }
      }
    }
    return null;
  }

  /**
   * Adds one delivery to an episode. The creator always counts; others only while it is open.
   * Returns the updated alert, or null when the episode was closed meanwhile.
   */
  private AegisAlert count(String name, boolean creator, Condition condition) {
    String now = now();
    boolean[] closed = {false};
    AegisAlert updated =
        statusWriter.update(
            namespace(),
            name,
            status -> {
              if (!creator && !Episodes.isOpen(status)) {
                closed[0] = true;
                return;
              }
              status.count = (status.count == null ? 0 : status.count) + 1;
              if (status.status == null) {
                status.status = AlertStatus.Firing;
              }
              if (status.startTime == null) {
                status.startTime = now;
              }
              status.lastSeenTime = now;
              if (condition != null && status.conditions.stream().noneMatch(condition::equals)) {
                status.conditions.removeIf(c -> condition.type.equals(c.type));
                status.conditions.add(condition);
              }
            });
    return closed[0] ? null : updated;
  }

  private List<Recorded> resolve(Alert alert) {
    List<AegisAlert> episodes = episodes(alert);
    List<AegisAlert> targets =
        episodes.stream()
            .filter(a -> a.getStatus() == null || a.getStatus().status != AlertStatus.Resolved)
            .toList();
    if (targets.isEmpty() && !episodes.isEmpty()) {
      // Already resolved: announce it again, the sender retries because our last answer failed.
      targets = List.of(Episodes.latest(episodes));
    }
    String now = now();
    List<Recorded> recorded = new ArrayList<>();
    for (AegisAlert target : targets) {
      AegisAlert updated =
          statusWriter.update(
              namespace(),
              target.getMetadata().getName(),
              status -> {
                if (status.status != AlertStatus.Resolved) {
                  status.status = AlertStatus.Resolved;
                  status.resolvedTime = now;
                }
              });
      log.info("resolved alert {}/{}", namespace(), target.getMetadata().getName());
      recorded.add(new Recorded(updated, false, true));
    }
    return recorded;
  }

  private static boolean awaitsMatch(AegisAlert alert) {
    AegisAlertStatus status = alert.getStatus();
    return status == null || status.opsStatus == null || status.opsStatus.triggerStatus == null;
  }

  /** Every episode of the alert's fingerprint, read from the API server (never a cache). */
  private List<AegisAlert> episodes(Alert alert) {
    return client
        .resources(AegisAlert.class)
        .inNamespace(namespace())
        .withLabel(Episodes.FINGERPRINT_LABEL, Episodes.fingerprintLabel(alert.fingerprint()))
        .list()
        .getItems()
        .stream()
        .filter(a -> a.getSpec() != null && alert.fingerprint().equals(a.getSpec().fingerprint))
        .toList();
  }

  private AegisAlert get(String name) {
    return client.resources(AegisAlert.class).inNamespace(namespace()).withName(name).get();
  }

  /** The node, with the reason it is unknown; only Pods without a given node are looked up. */
  private record NodeLookup(String node, Condition problem) {}

  private NodeLookup node(Alert alert) {
    if (!alert.node().isEmpty() || !alert.isPod()) {
      return new NodeLookup(alert.node(), null);
    }
    String pod = alert.namespace() + "/" + alert.name();
    try {
      Pod found = client.pods().inNamespace(alert.namespace()).withName(alert.name()).get();
      if (found == null) {
        return unknownNode(REASON_POD_NOT_FOUND, "pod " + pod + " not found; node left empty");
      }
      String node = found.getSpec() == null ? null : found.getSpec().getNodeName();
      if (node == null || node.isEmpty()) {
        return unknownNode(REASON_POD_NOT_SCHEDULED, "pod " + pod + " is not scheduled on a node");
      }
      return new NodeLookup(node, null);
    } catch (KubernetesClientException e) {
      log.warn("cannot look up pod {}: {}", pod, e.getMessage());
      return unknownNode(
          REASON_POD_LOOKUP_FAILED, "cannot look up pod " + pod + ": " + e.getMessage());
    }
  }

  private NodeLookup unknownNode(String reason, String message) {
    return new NodeLookup("", new Condition(CONDITION_NODE_KNOWN, "False", reason, message, now()));
  }

  private static AegisException translate(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 400 || code == 422) {
      return new AegisException(
          Reason.INVALID_INPUT, "the API server rejected the alert: " + e.getMessage(), e);
    }
    return AegisException.apiUnavailable(
        "the Kubernetes API server failed ("
            + (code == 0 ? "unreachable" : "HTTP " + code)
            + "): "
            + e.getMessage(),
        e);
  }

  private String namespace() {
    return properties.alert().namespace();
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
