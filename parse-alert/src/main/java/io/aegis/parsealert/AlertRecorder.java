package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records alerts as {@link Episodes} of AegisAlerts, race-free with API-server guarantees only (no
 * cache). A Firing delivery reads the fingerprint's episodes from the API server and counts on the
 * latest when it is open; otherwise it creates the next one. Concurrent deliveries of a new episode
 * compute the same name, the API server lets exactly one create win (409 for the others), and every
 * delivery, the creator's included, increments {@code status.count} through the kernel's
 * resourceVersion-guarded {@link StatusWriter}. A Resolved delivery marks every episode of the
 * fingerprint that is still Firing and never creates one.
 */
@Component
class AlertRecorder {
  private static final Logger log = LoggerFactory.getLogger(AlertRecorder.class);

  /** Rounds of "look, then create or count" before giving up under contention (503, retried). */
  private static final int MAX_ROUNDS = 20;

  /**
   * One episode this delivery touched.
   *
   * @param created true when this delivery created the episode
   * @param announce true when match-rule should hear about it: a new episode (created now, or not
   *     yet picked up by match-rule — a retry after a failed publish) or a resolved one
   */
  record Recorded(AegisAlert alert, boolean created, boolean announce) {}

  /** Why the node of a new alert is unknown (a {@code NodeKnown=False} condition), if it is. */
  private record NodeLookup(String node, String reason, String message) {}

  /** How many CloudEvent delivery ids an episode remembers for redelivery detection. */
  static final int RECENT_DELIVERIES = 32;

  private final KubernetesClient client;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private final ParseAlertProperties properties;

  AlertRecorder(
      KubernetesClient client,
      StatusWriter statusWriter,
      Clock clock,
      ParseAlertProperties properties) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.properties = properties;
  }

  /**
   * Records one delivery; returns the episodes it touched (none for a Resolved alert whose
   * fingerprint is unknown).
   *
   * @throws AegisException transient ({@code API_UNAVAILABLE}, {@code CONFLICT}) when the API
   *     server failed or contention persisted; invalid input when it rejected the alert
   */
  List<Recorded> record(Alert alert) {
    return record(alert, null);
  }

  /**
   * Records one delivery identified by {@code deliveryId} (a CloudEvent's source and id, or null):
   * a delivery already counted on the episode is not counted again, so a broker redelivery — even
   * concurrent with the first — leaves the same state as one delivery. The check runs inside the
   * conflict-guarded status write, so it is atomic with the increment.
   */
  List<Recorded> record(Alert alert, String deliveryId) {
    try {
      return alert.status() == AlertStatus.Resolved ? resolve(alert) : fire(alert, deliveryId);
    } catch (KubernetesClientException e) {
      throw translate(e);
    }
  }

  private List<Recorded> fire(Alert alert, String deliveryId) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      try {
        AegisAlert latest = Episodes.latest(episodes(alert));
        if (latest != null && Episodes.isOpen(latest.getStatus())) {
          AegisAlert counted = count(latest.getMetadata().getName(), false, null, deliveryId);
          if (counted != null) {
            return List.of(new Recorded(counted, false, awaitsMatch(counted)));
          }
          continue; // closed or deleted between our read and our write: look again
        }
        Recorded created =
            createEpisode(alert, latest == null ? 1 : Episodes.number(latest) + 1, deliveryId);
        if (created != null) {
          return List.of(created);
        }
      } catch (AegisException e) {
        if (e.reason() != Reason.CONFLICT) {
          throw e;
        }
        log.debug("contention on fingerprint {}, looking again: {}", alert.fingerprint(), e);
      }
    }
    throw new AegisException(
        Reason.CONFLICT, "could not record alert " + alert.fingerprint() + ": too much contention");
  }

  /**
   * Creates episode {@code episode} — or a later one when its name is taken by a closed episode or
   * (rarely) by another fingerprint whose name hash collides — or counts on it when a concurrent
   * delivery created it first. Null when the caller should look again.
   */
  private Recorded createEpisode(Alert alert, int episode, String deliveryId) {
    NodeLookup node = node(alert);
    for (int n = episode; n < episode + MAX_ROUNDS; n++) {
      AegisAlert desired =
          Episodes.build(alert, n, node.node(), namespace(), properties.systemParameters());
      String name = desired.getMetadata().getName();
      try {
        client.resource(desired).create();
        log.info("created alert {}/{} ({} on {})", namespace(), name, alert.type(), alert.name());
        AegisAlert counted = count(name, true, node, deliveryId);
        return counted == null ? null : new Recorded(counted, true, true);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
      AegisAlert existing =
          client.resources(AegisAlert.class).inNamespace(namespace()).withName(name).get();
      if (existing == null) {
        return null; // deleted meanwhile (TTL): look again
      }
      if (!alert.fingerprint().equals(existing.getSpec().fingerprint)) {
        continue; // another fingerprint owns this name
      }
      if (Episodes.isOpen(existing.getStatus())) {
        AegisAlert counted = count(name, false, null, deliveryId);
        if (counted != null) {
          return new Recorded(counted, false, awaitsMatch(counted));
        }
      }
    }
    return null;
  }

  /**
   * Adds one delivery to an episode. The creator always counts; others only while it is open.
   * Returns the alert as written, or null when the episode closed or vanished meanwhile.
   */
  private AegisAlert count(String name, boolean creator, NodeLookup node, String deliveryId) {
    String now = Timestamps.now(clock);
    boolean[] closed = {false};
    Consumer<AegisAlertStatus> delivery =
        status -> {
          closed[0] = !creator && !Episodes.isOpen(status);
          if (closed[0]) {
            return;
          }
          if (deliveryId != null) {
            if (status.recentDeliveries == null) {
              status.recentDeliveries = new ArrayList<>();
            }
            if (status.recentDeliveries.contains(deliveryId)) {
              return; // a redelivery of an event already counted
            }
            status.recentDeliveries.add(deliveryId);
            while (status.recentDeliveries.size() > RECENT_DELIVERIES) {
              status.recentDeliveries.remove(0);
            }
          }
          status.count = (status.count == null ? 0 : status.count) + 1;
          if (status.status == null) {
            status.status = AlertStatus.Firing;
          }
          if (status.startTime == null) {
            status.startTime = now;
          }
          status.lastSeenTime = now;
          if (node != null && node.reason() != null) {
            Conditions.set(
                status.conditions,
                ConditionTypes.NODE_KNOWN,
                Conditions.FALSE,
                node.reason(),
                node.message(),
                clock);
          }
        };
    AegisAlert updated =
        statusWriter.update(AegisAlert.class, namespace(), name, delivery).orElse(null);
    return closed[0] ? null : updated;
  }

  private List<Recorded> resolve(Alert alert) {
    List<AegisAlert> episodes = episodes(alert);
    List<AegisAlert> targets =
        episodes.stream()
            .filter(a -> a.getStatus() == null || a.getStatus().status != AlertStatus.Resolved)
            .toList();
    if (targets.isEmpty() && !episodes.isEmpty()) {
      // Already resolved: announce it again — the sender repeats because our last answer failed.
      targets = List.of(Episodes.latest(episodes));
    }
    String now = Timestamps.now(clock);
    Consumer<AegisAlertStatus> resolved =
        status -> {
          if (status.status != AlertStatus.Resolved) {
            status.status = AlertStatus.Resolved;
            status.resolvedTime = now;
            Conditions.set(
                status.conditions,
                ConditionTypes.RESOLVED,
                Conditions.TRUE,
                ConditionReasons.ALERT_RESOLVED,
                "the sender reported the alert resolved",
                clock);
          }
        };
    List<Recorded> recorded = new ArrayList<>();
    for (AegisAlert target : targets) {
      String name = target.getMetadata().getName();
      statusWriter
          .update(AegisAlert.class, namespace(), name, resolved)
          .ifPresent(
              updated -> {
                log.info("resolved alert {}/{}", namespace(), name);
                recorded.add(new Recorded(updated, false, true));
              });
    }
    return recorded;
  }

  /** No rule decision yet: match-rule has not handled the episode (or its event was lost). */
  private static boolean awaitsMatch(AegisAlert alert) {
    AegisAlertStatus status = alert.getStatus();
    return status == null || status.opsStatus == null || status.opsStatus.triggerStatus == null;
  }

  /** Every episode of the alert's fingerprint, read from the API server (never a cache). */
  private List<AegisAlert> episodes(Alert alert) {
    return client
        .resources(AegisAlert.class)
        .inNamespace(namespace())
        .withLabel(Labels.FINGERPRINT, Names.fingerprintLabel(alert.fingerprint()))
        .list()
        .getItems()
        .stream()
        .filter(a -> a.getSpec() != null && alert.fingerprint().equals(a.getSpec().fingerprint))
        .toList();
  }

  /** The node of a new alert; only a Pod without a given node is looked up. Never fails. */
  private NodeLookup node(Alert alert) {
    if (!alert.node().isEmpty() || !alert.isPod()) {
      return new NodeLookup(alert.node(), null, null);
    }
    String pod = alert.namespace() + "/" + alert.name();
    try {
      Pod found = client.pods().inNamespace(alert.namespace()).withName(alert.name()).get();
      if (found == null) {
        return unknownNode(ConditionReasons.POD_NOT_FOUND, "pod " + pod + " not found");
      }
      String node = found.getSpec() == null ? null : found.getSpec().getNodeName();
      if (node == null || node.isEmpty()) {
        return unknownNode(
            ConditionReasons.POD_NOT_SCHEDULED, "pod " + pod + " is not scheduled on a node");
      }
      return new NodeLookup(node, null, null);
    } catch (KubernetesClientException e) {
      log.warn("cannot look up pod {}: {}", pod, e.getMessage());
      return unknownNode(
          ConditionReasons.POD_LOOKUP_FAILED, "cannot look up pod " + pod + ": " + e.getMessage());
    }
  }

  private static NodeLookup unknownNode(String reason, String message) {
    return new NodeLookup("", reason, message + "; the alert is recorded without a node");
  }

  private static AegisException translate(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 400 || code == 422) {
      return AegisException.invalid("the API server rejected the alert: " + e.getMessage());
    }
    return AegisException.apiUnavailable(
        "the Kubernetes API server failed ("
            + (code <= 0 ? "unreachable" : "HTTP " + code)
            + "): "
            + e.getMessage(),
        e);
  }

  private String namespace() {
    return properties.alert().namespace();
  }
}
