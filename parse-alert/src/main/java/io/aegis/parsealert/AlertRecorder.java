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
import io.aegis.kernel.kube.Stored;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records alerts as {@link Episodes} of AegisAlerts, race-free with API-server guarantees only. A
 * Firing delivery reads the fingerprint's episodes from the API server and counts on the latest
 * when it is open; otherwise it creates the next one. Concurrent deliveries of a new episode
 * compute the same name, the API server lets exactly one create win (409 for the others), and every
 * delivery, the creator's included, increments {@code status.count} through the kernel's
 * resourceVersion-guarded {@link StatusWriter}. A Resolved delivery marks every episode of the
 * fingerprint that is still Firing and never creates one.
 *
 * <p>API requests (the cost that bounds throughput, docs/performance.md): every status write starts
 * from the object this delivery already has — the create response for the creator, the listed
 * episode for a repeat — so it is one guarded PATCH, a 409 being followed by a re-read. A new
 * episode is list + create + patch (3 requests), a repeat list + patch (2). On top of that, {@link
 * EpisodeHints} remembers the episode this process last wrote per fingerprint: a repeat first tries
 * one PATCH guarded by that copy's resourceVersion ({@link StatusWriter#updateIfCurrent}), which
 * the API server accepts only if nobody changed the episode since — then it is still open and still
 * the one to count on. A stale hint (409, 404) is dropped and the delivery takes the list path, so
 * a hint never decides anything the API server has not confirmed; it costs one request when wrong
 * (3 instead of 2) and saves one when right (1 instead of 2). Repeats in a storm are mostly right:
 * downstream functions write an episode a few times in its life, its repeats many times.
 *
 * <p>Not done, on purpose: creating episode 1 first for a fingerprint this process has never seen
 * (skipping the list). The create succeeds whenever no object of that name exists, which is also
 * the case when episode 1 finished and was deleted by its TTL while a later episode is still open —
 * it would open a second episode next to it. The list is what rules that out.
 */
@Component
class AlertRecorder {
  private static final Logger log = LoggerFactory.getLogger(AlertRecorder.class);

  /** Rounds of "look, then create or count" before giving up under contention (503, retried). */
  private static final int MAX_ROUNDS = 20;

  /**
   * One episode this delivery touched.
   *
   * @param episode the episode as written (or as held, when nothing changed)
   * @param created true when this delivery created the episode
   * @param announce true when match-rule should hear about it: a new episode (created now, or not
   *     yet picked up by match-rule — a retry after a failed publish) or a resolved one
   * @param repeat true for a Firing delivery counted on an episode it did not create: its
   *     announcement, if any, is a re-announcement
   * @param redelivery true when the episode had already counted this delivery id (a broker
   *     redelivery: its earlier answer, maybe the announcement itself, was lost)
   */
  record Recorded(
      Stored<AegisAlert> episode,
      boolean created,
      boolean announce,
      boolean repeat,
      boolean redelivery) {
    /** The typed episode, converted on first use (a quiet repeat never needs it). */
    AegisAlert alert() {
      return episode.object();
    }
  }

  /**
   * The episode after counting a delivery on it; {@code awaitsMatch}: no trigger status yet; {@code
   * redelivery} as in {@link Recorded}.
   */
  private record Counted(Stored<AegisAlert> episode, boolean awaitsMatch, boolean redelivery) {}

  private static final ResourceDefinitionContext ALERTS =
      ResourceDefinitionContext.fromResourceType(AegisAlert.class);

  private static final Comparator<Stored<AegisAlert>> EPISODE_ORDER =
      Comparator.comparing(Stored::object, Episodes.ORDER);

  /** How many CloudEvent delivery ids an episode remembers for redelivery detection. */
  static final int RECENT_DELIVERIES = 32;

  private final KubernetesClient client;
  private final KubernetesSerialization json;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private final ParseAlertProperties properties;
  private final EpisodeHints hints;

  AlertRecorder(
      KubernetesClient client,
      StatusWriter statusWriter,
      Clock clock,
      ParseAlertProperties properties) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.properties = properties;
    this.hints = new EpisodeHints(properties.alert().episodeCacheSize());
  }

  /** {@link #record(Alert, String)} without a delivery id (an HTTP webhook delivery). */
  List<Recorded> record(Alert alert) {
    return record(alert, null);
  }

  /**
   * Records one delivery identified by {@code deliveryId} (a CloudEvent's source and id, or null):
   * a delivery already counted on the episode is not counted again, so a broker redelivery — even
   * concurrent with the first — leaves the same state as one delivery. The check runs inside the
   * conflict-guarded status write, so it is atomic with the increment. Returns the episodes it
   * touched (none for a Resolved alert whose fingerprint is unknown).
   *
   * @throws AegisException transient ({@code API_UNAVAILABLE}, {@code CONFLICT}) when the API
   *     server failed or contention persisted; invalid input when it rejected the alert
   */
  List<Recorded> record(Alert alert, String deliveryId) {
    try {
      return alert.status() == AlertStatus.Resolved ? resolve(alert) : fire(alert, deliveryId);
    } catch (KubernetesClientException e) {
      throw translate(e);
    }
  }

  private List<Recorded> fire(Alert alert, String deliveryId) {
    Recorded hinted = countOnHint(alert, deliveryId);
    if (hinted != null) {
      return List.of(hinted);
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      try {
        Stored<AegisAlert> latest = episodes(alert).stream().max(EPISODE_ORDER).orElse(null);
        if (latest != null && Episodes.isOpen(latest.object().getStatus())) {
          Counted counted = count(alert, latest, false, null, deliveryId, false);
          if (counted != null) {
            return List.of(repeat(counted));
          }
          continue; // closed or deleted between our read and our write: look again
        }
        Recorded created =
            createEpisode(
                alert, latest == null ? 1 : Episodes.number(latest.object()) + 1, deliveryId);
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
   * Counts the delivery on the episode this process last wrote for the fingerprint, if the API
   * server confirms it is unchanged since (one guarded PATCH, no read). Null when there is no hint
   * or it is stale: the caller takes the list path.
   */
  private Recorded countOnHint(Alert alert, String deliveryId) {
    Stored<AegisAlert> hint = hints.get(alert.fingerprint());
    if (hint == null) {
      return null;
    }
    Counted counted = count(alert, hint, false, null, deliveryId, true);
    if (counted == null) {
      hints.forget(alert.fingerprint(), hint);
      log.debug("episode hint {} for {} is stale", hint, alert.fingerprint());
      return null;
    }
    return repeat(counted);
  }

  private static Recorded repeat(Counted counted) {
    return new Recorded(
        counted.episode(), false, counted.awaitsMatch(), true, counted.redelivery());
  }

  /**
   * Creates episode {@code episode} — or a later one when its name is taken by a closed episode or
   * (rarely) by another fingerprint whose name hash collides — or counts on it when a concurrent
   * delivery created it first. Null when the caller should look again.
   */
  private Recorded createEpisode(Alert alert, int episode, String deliveryId) {
    NodeLookup node = NodeLookup.of(client, alert);
    for (int n = episode; n < episode + MAX_ROUNDS; n++) {
      AegisAlert desired =
          Episodes.build(alert, n, node.node(), namespace(), properties.systemParameters());
      String name = desired.getMetadata().getName();
      try {
        // Created through the generic client: the response is what the server stored, raw, so
        // the status write can start from it without a read (see Stored).
        GenericKubernetesResource created =
            client
                .genericKubernetesResources(ALERTS)
                .inNamespace(namespace())
                .resource(json.convertValue(desired, GenericKubernetesResource.class))
                .create();
        log.info("created alert {}/{} ({} on {})", namespace(), name, alert.type(), alert.name());
        Counted counted =
            count(alert, Stored.of(json, AegisAlert.class, created), true, node, deliveryId, false);
        return counted == null
            ? null
            : new Recorded(counted.episode(), true, true, false, counted.redelivery());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
      Stored<AegisAlert> existing =
          statusWriter.read(AegisAlert.class, namespace(), name).orElse(null);
      if (existing == null) {
        return null; // deleted meanwhile (TTL): look again
      }
      if (!alert.fingerprint().equals(existing.object().getSpec().fingerprint)) {
        continue; // another fingerprint owns this name
      }
      if (Episodes.isOpen(existing.object().getStatus())) {
        Counted counted = count(alert, existing, false, null, deliveryId, false);
        if (counted != null) {
          return repeat(counted);
        }
      }
    }
    return null;
  }

  /**
   * Adds one delivery to an episode, starting from {@code episode} as this delivery has it (one
   * guarded PATCH; a 409 re-reads and retries). The creator always counts; others only while it is
   * open. Returns the episode as written, or null when it closed or vanished meanwhile.
   *
   * @param onlyIfCurrent true to write only if {@code episode} is still current (a hint): no
   *     re-read on a conflict, null instead
   */
  private Counted count(
      Alert alert,
      Stored<AegisAlert> episode,
      boolean creator,
      NodeLookup node,
      String deliveryId,
      boolean onlyIfCurrent) {
    String now = Timestamps.now(clock);
    boolean[] closed = {false};
    boolean[] redelivery = {false};
    boolean[] awaitsMatch = {false};
    Consumer<AegisAlertStatus> delivery =
        status -> {
          redelivery[0] = false;
          // No rule decision yet: match-rule has not handled the episode (or its event was lost).
          awaitsMatch[0] = status.opsStatus == null || status.opsStatus.triggerStatus == null;
          closed[0] = !creator && !Episodes.isOpen(status);
          if (closed[0]) {
            return;
          }
          if (deliveryId != null) {
            if (status.recentDeliveries == null) {
              status.recentDeliveries = new ArrayList<>();
            }
            if (status.recentDeliveries.contains(deliveryId)) {
              redelivery[0] = true;
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
    Stored<AegisAlert> updated =
        (onlyIfCurrent
                ? statusWriter.updateIfCurrent(episode, delivery)
                : statusWriter.update(episode, delivery))
            .orElse(null);
    if (updated == null || closed[0]) {
      return null;
    }
    hints.put(alert.fingerprint(), updated);
    return new Counted(updated, awaitsMatch[0], redelivery[0]);
  }

  private List<Recorded> resolve(Alert alert) {
    hints.forget(alert.fingerprint());
    List<Stored<AegisAlert>> episodes = episodes(alert);
    List<Stored<AegisAlert>> targets =
        episodes.stream()
            .filter(
                a ->
                    a.object().getStatus() == null
                        || a.object().getStatus().status != AlertStatus.Resolved)
            .toList();
    if (targets.isEmpty() && !episodes.isEmpty()) {
      // Already resolved: announce it again — the sender repeats because our last answer failed.
      targets = List.of(episodes.stream().max(EPISODE_ORDER).orElseThrow());
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
    for (Stored<AegisAlert> target : targets) {
      statusWriter
          .update(target, resolved)
          .ifPresent(
              updated -> {
                log.info("resolved alert {}/{}", namespace(), target.name());
                recorded.add(new Recorded(updated, false, true, false, false));
              });
    }
    return recorded;
  }

  /**
   * Every episode of the alert's fingerprint, read from the API server (never a cache), raw so that
   * status writes can start from them.
   */
  private List<Stored<AegisAlert>> episodes(Alert alert) {
    return client
        .genericKubernetesResources(ALERTS)
        .inNamespace(namespace())
        .withLabel(Labels.FINGERPRINT, Names.fingerprintLabel(alert.fingerprint()))
        .list()
        .getItems()
        .stream()
        .map(raw -> Stored.of(json, AegisAlert.class, raw))
        .filter(
            a ->
                a.object().getSpec() != null
                    && alert.fingerprint().equals(a.object().getSpec().fingerprint))
        .toList();
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
