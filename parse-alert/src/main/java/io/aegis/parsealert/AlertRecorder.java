package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records alerts as AegisAlert resources, race-free with API-server guarantees only (no cache).
 *
 * <p>An <em>episode</em> is one AegisAlert per fingerprint and occurrence. Its name is
 * deterministic ({@code <source>-<type>-<5 chars of hash(fingerprint#episode)>}) and its number is
 * the label {@value #EPISODE_LABEL}. An episode is <em>open</em> while it is not Resolved and its
 * workflow has not finished ({@code alertOpsStatus} not Succeeded/Failed); an alert no rule matched
 * stays open, so repeats count on it rather than creating noise. A Firing delivery counts on the
 * latest episode when it is open; otherwise it creates the next episode — concurrent deliveries
 * create the same name, the API server lets exactly one create win (409 for the others), and every
 * delivery, the creator's included, increments {@code status.count} through a
 * resourceVersion-guarded status write. A Resolved delivery marks every episode of the fingerprint
 * that is still Firing.
 */
@Component
class AlertRecorder {
  static final String EPISODE_LABEL = "aegis.io/episode";
  static final String NODE_LABEL = "aegis.io/node";
  static final String FINGERPRINT_LABEL = "fingerprint";
  static final String CONDITION_NODE_KNOWN = "NodeKnown";
  static final String REASON_POD_NOT_FOUND = "PodNotFound";
  static final String REASON_POD_LOOKUP_FAILED = "PodLookupFailed";

  /** Details that are not copied into labels: too noisy or per-scrape (as the original). */
  static final Set<String> NOISY_KEYS =
      Set.of(
          "alertname",
          "pod",
          "namespace",
          "instance",
          "cluster",
          "description",
          "container",
          "endpoint",
          "env",
          "job",
          "prometheus",
          "service");

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
      AegisAlert latest = latest(episodes(alert));
      if (latest != null && isOpen(latest.getStatus())) {
        AegisAlert counted = count(latest.getMetadata().getName(), false, null);
        if (counted != null) {
          return List.of(new Recorded(counted, false, awaitsMatch(counted)));
        }
        continue; // it closed between our read and our write: look again
      }
      Recorded created = createEpisode(alert, latest == null ? 1 : episodeOf(latest) + 1);
      if (created != null) {
        return List.of(created);
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
      AegisAlert desired = build(alert, n, node.node());
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
      if (isOpen(existing.getStatus())) {
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
              if (!creator && !isOpen(status)) {
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
      targets = List.of(latest(episodes));
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

  /** Open: not Resolved and no finished workflow. No status yet counts as open (just created). */
  static boolean isOpen(AegisAlertStatus status) {
    if (status == null) {
      return true;
    }
    boolean finished =
        status.opsStatus != null
            && status.opsStatus.alertOpsStatus != null
            && status.opsStatus.alertOpsStatus.isFinished();
    return status.status != AlertStatus.Resolved && !finished;
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
        .withLabel(FINGERPRINT_LABEL, fingerprintLabel(alert.fingerprint()))
        .list()
        .getItems()
        .stream()
        .filter(a -> a.getSpec() != null && alert.fingerprint().equals(a.getSpec().fingerprint))
        .toList();
  }

  private static AegisAlert latest(List<AegisAlert> episodes) {
    return episodes.stream()
        .max(
            Comparator.comparingInt(AlertRecorder::episodeOf)
                .thenComparing(
                    a -> a.getMetadata().getCreationTimestamp(),
                    Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElse(null);
  }

  private static int episodeOf(AegisAlert alert) {
    Map<String, String> labels = alert.getMetadata().getLabels();
    try {
      return labels == null ? 0 : Integer.parseInt(labels.getOrDefault(EPISODE_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private AegisAlert get(String name) {
    return client.resources(AegisAlert.class).inNamespace(namespace()).withName(name).get();
  }

  /** The AegisAlert for episode {@code episode} of {@code alert}, before it has a status. */
  AegisAlert build(Alert alert, int episode, String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    alert
        .details()
        .forEach(
            (key, value) -> {
              if (!NOISY_KEYS.contains(key)
                  && KernelStandIns.isLabelKey(key)
                  && KernelStandIns.isLabelValue(value)) {
                labels.put(key, value);
              }
            });
    labels.put("alert-source-type", alert.source().name());
    labels.put("alert-type", KernelStandIns.sanitizeLabelValue(alert.type()));
    labels.put("alert-status", AlertStatus.Firing.name());
    labels.put(FINGERPRINT_LABEL, fingerprintLabel(alert.fingerprint()));
    labels.put(EPISODE_LABEL, Integer.toString(episode));
    if (!node.isEmpty() && KernelStandIns.isLabelValue(node)) {
      labels.put(NODE_LABEL, node);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(
        KernelStandIns.alertName(
            alert.source().name(), alert.type(), alert.fingerprint() + "#" + episode));
    meta.setNamespace(namespace());
    meta.setLabels(labels);
    if (!properties.systemParameters().isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(properties.systemParameters()));
    }
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = alert.source();
    spec.type = alert.type();
    spec.severity = alert.details().get("severity");
    spec.status = AlertStatus.Firing;
    spec.involvedObject =
        new InvolvedObject(alert.kind(), alert.name(), emptyToNull(alert.namespace()), node);
    spec.details = new LinkedHashMap<>(alert.details());
    spec.fingerprint = alert.fingerprint();
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(new LinkedHashMap<>(labels));
    spec.selector = selector;
    AegisAlert resource = new AegisAlert();
    resource.setMetadata(meta);
    resource.setSpec(spec);
    return resource;
  }

  /** The fingerprint itself when it is a valid label value, else a hash of it. */
  static String fingerprintLabel(String fingerprint) {
    return KernelStandIns.isLabelValue(fingerprint)
        ? fingerprint
        : Alert.sha256Hex(fingerprint).substring(0, 32);
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
        return unknownNode(REASON_POD_NOT_FOUND, "pod " + pod + " is not scheduled on a node");
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

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
