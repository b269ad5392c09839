package io.aegis.healthcheckcron;

import io.aegis.healthcheckcron.Findings.Finding;
import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records failing items as AegisAlerts of source {@code HealthCheck}, the way parse-alert records
 * alerts, so that the same AegisAlertOpsRules act on them (type = the item's condition, object =
 * the Node). One alert per episode of a finding: the fingerprint is (node, module, item,
 * condition); while its latest AegisAlert is open (not Resolved, workflow not finished) later runs
 * that find it again only move {@code lastSeenTime}; once it is closed, the next finding opens a
 * new episode. Names are deterministic per (fingerprint, episode) and created with create-or-409,
 * so concurrent or repeated reports make one alert. A new episode — or one match-rule has not
 * picked up yet, because a publish failed — is announced with {@code io.aegis.alert.recorded.v1}
 * through K_SINK.
 */
@Component
class FindingAlerts {
  private static final Logger log = LoggerFactory.getLogger(FindingAlerts.class);
  private static final int MAX_EPISODE_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final StatusWriter status;
  private final EventPublisher publisher;
  private final Clock clock;
  private final String namespace;
  private final Map<String, String> systemParameters;

  FindingAlerts(
      KubernetesClient client,
      StatusWriter status,
      EventPublisher publisher,
      Clock clock,
      HealthcheckCronProperties properties) {
    this.client = client;
    this.status = status;
    this.publisher = publisher;
    this.clock = clock;
    this.namespace = properties.alert().namespace();
    this.systemParameters = properties.systemParameters();
  }

  void record(AegisNodeHealthCheck check, List<Finding> findings) {
    for (Finding f : findings) {
      try {
        recordOne(check, f);
      } catch (KubernetesClientException e) {
        if (!KubeCalls.isPermanent(e)) {
          throw KubeCalls.unavailable("recording an alert for " + f.type(), e);
        }
        log.warn(
            "cannot record an alert for {} on {}: {}",
            f.type(),
            check.getSpec().node,
            KubeCalls.describe(e));
      }
    }
  }

  static String fingerprint(String node, Finding f) {
    return "healthcheck/" + node + "/" + f.module() + "/" + f.item().item + "/" + f.type();
  }

  private void recordOne(AegisNodeHealthCheck check, Finding f) {
    String node = check.getSpec().node;
    String fingerprint = fingerprint(node, f);
    List<AegisAlert> episodes =
        client
            .resources(AegisAlert.class)
            .inNamespace(namespace)
            .withLabel(Labels.FINGERPRINT, Names.fingerprintLabel(fingerprint))
            .list()
            .getItems()
            .stream()
            .filter(a -> a.getSpec() != null && fingerprint.equals(a.getSpec().fingerprint))
            .sorted(Comparator.comparingInt(FindingAlerts::episode))
            .toList();
    AegisAlert latest = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
    AegisAlert alert = latest != null && isOpen(latest) ? latest : null;
    int next = latest == null ? 1 : episode(latest) + 1;
    for (int n = next; alert == null && n < next + MAX_EPISODE_ATTEMPTS; n++) {
      AegisAlert existing = KubeCalls.createOrGet(client, build(check, f, fingerprint, n));
      if (fingerprint.equals(existing.getSpec().fingerprint) && isOpen(existing)) {
        alert = existing; // ours, just created, or created by a concurrent report
      }
    }
    if (alert == null) {
      throw new IllegalStateException("no free alert name for finding " + fingerprint);
    }
    String now = Timestamps.now(clock);
    AegisAlert written =
        status
            .update(
                AegisAlert.class,
                namespace,
                alert.getMetadata().getName(),
                (AegisAlertStatus s) -> {
                  if (s.status == null) {
                    s.status = AlertStatus.Firing;
                    s.count = 1;
                    s.startTime = now;
                  }
                  s.lastSeenTime = now;
                })
            .orElse(alert);
    if (awaitsMatch(written)) {
      AlertRecorded recorded =
          new AlertRecorded(
              new ResourceRef(
                  namespace, written.getMetadata().getName(), written.getMetadata().getUid()),
              written.getSpec().type,
              AlertStatus.Firing.name(),
              fingerprint,
              written.getStatus() == null || written.getStatus().count == null
                  ? 1
                  : written.getStatus().count,
              true);
      publisher.publish(
          "healthcheck-" + written.getMetadata().getUid(),
          new Reply(AlertRecorded.TYPE, recorded.alert().subject(), recorded));
      log.info(
          "recorded alert {}/{} ({} on node {})",
          namespace,
          written.getMetadata().getName(),
          f.type(),
          node);
    }
  }

  AegisAlert build(AegisNodeHealthCheck check, Finding f, String fingerprint, int episode) {
    String node = check.getSpec().node;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("node", node);
    details.put("module", f.module());
    details.put("item", f.item().item);
    putIfSet(details, "condition", f.item().condition);
    putIfSet(details, "level", f.item().level);
    putIfSet(details, "message", f.item().message);
    details.put(
        "healthCheck", check.getMetadata().getNamespace() + "/" + check.getMetadata().getName());
    Map<String, String> labels = new LinkedHashMap<>();
    details.forEach(
        (k, v) -> {
          if (Labels.isValidKey(k) && Labels.isValidValue(v) && !k.startsWith("aegis.io/")) {
            labels.put(k, v);
          }
        });
    labels.put(Labels.ALERT_SOURCE_TYPE, AlertSource.HealthCheck.name());
    labels.put(Labels.ALERT_TYPE, Labels.sanitizeValue(f.type()));
    labels.put(Labels.ALERT_STATUS, AlertStatus.Firing.name());
    labels.put(Labels.FINGERPRINT, Names.fingerprintLabel(fingerprint));
    labels.put(CheckVocabulary.EPISODE_LABEL, Integer.toString(episode));
    if (Labels.isValidValue(node)) {
      labels.put(Labels.NODE, node);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(Names.alertName(AlertSource.HealthCheck, f.type(), fingerprint + "#" + episode));
    meta.setNamespace(namespace);
    meta.setLabels(labels);
    if (!systemParameters.isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(systemParameters));
    }
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.HealthCheck;
    spec.type = f.type();
    spec.severity = f.item().level;
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject("Node", node, null, node);
    spec.details = details;
    spec.fingerprint = fingerprint;
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(new LinkedHashMap<>(labels));
    spec.selector = selector;
    AegisAlert alert = new AegisAlert();
    alert.setMetadata(meta);
    alert.setSpec(spec);
    return alert;
  }

  /** Open: not Resolved and its workflow (if any) not finished; a fresh alert is open. */
  static boolean isOpen(AegisAlert alert) {
    AegisAlertStatus s = alert.getStatus();
    if (s == null) {
      return true;
    }
    boolean finished =
        s.opsStatus != null
            && s.opsStatus.alertOpsStatus != null
            && s.opsStatus.alertOpsStatus.isFinished();
    return s.status != AlertStatus.Resolved && !finished;
  }

  private static boolean awaitsMatch(AegisAlert alert) {
    AegisAlertStatus s = alert.getStatus();
    return s == null || s.opsStatus == null || s.opsStatus.triggerStatus == null;
  }

  private static int episode(AegisAlert alert) {
    Map<String, String> labels = alert.getMetadata().getLabels();
    try {
      return labels == null
          ? 0
          : Integer.parseInt(labels.getOrDefault(CheckVocabulary.EPISODE_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
