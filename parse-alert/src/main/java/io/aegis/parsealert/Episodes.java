package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an alert episode looks like as an AegisAlert, and when it is still open. Pure: the recorder
 * does the I/O.
 *
 * <p>An episode is one AegisAlert per fingerprint and occurrence, numbered by the label {@value
 * #EPISODE_LABEL}. Its name is deterministic — {@code <source>-<type>-<5 chars>} with the suffix
 * hashed from {@code fingerprint#episode} — so concurrent deliveries of a new episode all try to
 * create the same object. It is <em>open</em> while it is not Resolved and its workflow has not
 * finished ({@code alertOpsStatus} not Succeeded/Failed). An alert no rule matched stays open, as
 * in the original: repeats count on it instead of creating one alert each.
 */
final class Episodes {
  /** The episode number: only parse-alert reads it, to find the next one. */
  static final String EPISODE_LABEL = "aegis.io/episode";

  /** Details not copied into labels: noisy or per-scrape (the original's list). */
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

  /** Aegis' own label prefix: a detail cannot set these. */
  private static final String AEGIS_PREFIX = "aegis.io/";

  /**
   * The AegisAlert for episode {@code episode} of {@code alert}, without status (the status
   * subresource is written separately).
   *
   * @param node the node, empty when unknown
   * @param annotations the system parameters
   */
  static AegisAlert build(
      Alert alert, int episode, String node, String namespace, Map<String, String> annotations) {
    Map<String, String> labels = new LinkedHashMap<>();
    alert
        .details()
        .forEach(
            (key, value) -> {
              if (!NOISY_KEYS.contains(key)
                  && !key.startsWith(AEGIS_PREFIX)
                  && Labels.isValidKey(key)
                  && Labels.isValidValue(value)) {
                labels.put(key, value);
              }
            });
    labels.put(Labels.ALERT_SOURCE_TYPE, alert.source().name());
    labels.put(Labels.ALERT_TYPE, Labels.sanitizeValue(alert.type()));
    labels.put(Labels.ALERT_STATUS, AlertStatus.Firing.name());
    labels.put(Labels.FINGERPRINT, Names.fingerprintLabel(alert.fingerprint()));
    labels.put(EPISODE_LABEL, Integer.toString(episode));
    if (!node.isEmpty() && Labels.isValidValue(node)) {
      labels.put(Labels.NODE, node);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name(alert, episode));
    meta.setNamespace(namespace);
    meta.setLabels(labels);
    if (!annotations.isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(annotations));
    }
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = alert.source();
    spec.type = alert.type();
    spec.severity = alert.details().get("severity");
    spec.status = AlertStatus.Firing;
    spec.involvedObject =
        new InvolvedObject(
            alert.kind(),
            alert.name(),
            alert.namespace().isEmpty() ? null : alert.namespace(),
            node);
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

  /** The deterministic name of episode {@code episode} of {@code alert}. */
  static String name(Alert alert, int episode) {
    return Names.alertName(alert.source(), alert.type(), alert.fingerprint() + "#" + episode);
  }

  /** Open: not Resolved and no finished workflow; no status yet (just created) is open. */
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

  /** The episode number; 0 for alerts without the label (e.g. created by the Go original). */
  static int number(AegisAlert alert) {
    Map<String, String> labels = alert.getMetadata().getLabels();
    try {
      return labels == null ? 0 : Integer.parseInt(labels.getOrDefault(EPISODE_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Older episodes first: by number, the newest last on a tie. */
  static final Comparator<AegisAlert> ORDER =
      Comparator.comparingInt(Episodes::number)
          .thenComparing(
              a -> a.getMetadata().getCreationTimestamp(),
              Comparator.nullsFirst(Comparator.naturalOrder()));

  private Episodes() {}
}
