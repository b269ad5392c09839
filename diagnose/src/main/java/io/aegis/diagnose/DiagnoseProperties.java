package io.aegis.diagnose;

import static io.aegis.kernel.config.PropertyChecks.atLeast;
import static io.aegis.kernel.config.PropertyChecks.between;
import static io.aegis.kernel.config.PropertyChecks.required;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the diagnose function ({@code aegis.diagnose.*}). LLM settings are the kernel's
 * {@code aegis.ai.*}.
 *
 * @param defaultTimeout timeout of a diagnosis whose {@code spec.timeout} is empty.
 * @param abandonAfter how long past its timeout a diagnosis may stay {@code Diagnosing} before a
 *     redelivered event or the reconcile sweep marks it Failed (the instance running it stopped).
 * @param logTailLines lines of each failed container's log fetched from the API server.
 * @param logMaxBytes most bytes of each container's log fetched.
 * @param logMaxLines most log lines kept per container in the result (after keyword filtering).
 * @param logKeywords when set, log lines containing one of these (case-insensitive) are kept first.
 * @param maskLogSecrets mask tokens, passwords, keys and authorization values in logs written into
 *     the status (the LLM prompt is always redacted, by {@code aegis.ai.redact.*}).
 * @param maxEvents most warning-event lines per object.
 * @param maxWorkerPods most abnormal PyTorchJob worker pods analysed.
 * @param collector the optional node collector pod.
 * @param sweep the reconcile sweep for diagnoses whose add event was lost.
 */
@ConfigurationProperties("aegis.diagnose")
public record DiagnoseProperties(
    @DefaultValue("5m") Duration defaultTimeout,
    @DefaultValue("30s") Duration abandonAfter,
    @DefaultValue("1000") int logTailLines,
    @DefaultValue("2000000") int logMaxBytes,
    @DefaultValue("60") int logMaxLines,
    @DefaultValue List<String> logKeywords,
    @DefaultValue("true") boolean maskLogSecrets,
    @DefaultValue("20") int maxEvents,
    @DefaultValue("5") int maxWorkerPods,
    @DefaultValue Collector collector,
    @DefaultValue Sweep sweep) {

  public DiagnoseProperties {
    logKeywords = logKeywords == null ? List.of() : List.copyOf(logKeywords);
    if (required("aegis.diagnose.default-timeout", defaultTimeout).isZero()
        || defaultTimeout.isNegative()) {
      throw new IllegalArgumentException("aegis.diagnose.default-timeout must be positive");
    }
    required("aegis.diagnose.abandon-after", abandonAfter);
    between("aegis.diagnose.log-tail-lines", logTailLines, 1, 100_000);
    atLeast("aegis.diagnose.log-max-bytes", logMaxBytes, 1024);
    between("aegis.diagnose.log-max-lines", logMaxLines, 1, 5000);
    atLeast("aegis.diagnose.max-events", maxEvents, 1);
    atLeast("aegis.diagnose.max-worker-pods", maxWorkerPods, 0);
    required("aegis.diagnose.collector", collector);
    required("aegis.diagnose.sweep", sweep);
  }

  /**
   * The collector pod run on a Ready node during a Node diagnosis: privileged, on the node's host
   * PID and network namespaces, owner-referenced to the diagnosis, deleted afterwards. Its output
   * ({@code [section]} lines followed by {@code - line} lines) becomes infos.
   *
   * @param enabled run it (off by default: it is a privileged pod).
   * @param image the collector image.
   * @param priorityClassName priority class of the pod, empty for none (e.g. {@code
   *     system-node-critical} where policy allows it outside kube-system).
   * @param pollInterval how often the pod's phase is checked.
   * @param maxOutputBytes most bytes of its output read.
   */
  public record Collector(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("registry-ap-southeast.scitix.ai/k8s/collector:v1.0.0") String image,
      @DefaultValue("") String priorityClassName,
      @DefaultValue("2s") Duration pollInterval,
      @DefaultValue("20000") int maxOutputBytes) {
    public Collector {
      required("aegis.diagnose.collector.image", image);
      required("aegis.diagnose.collector.poll-interval", pollInterval);
      atLeast("aegis.diagnose.collector.max-output-bytes", maxOutputBytes, 1024);
    }
  }

  /**
   * The reconcile sweep, on the {@code aegis-reconcile} PingSource tick.
   *
   * @param pingSource the PingSource's name; ticks of other PingSources are ignored.
   * @param namespace the namespace whose diagnoses are swept (the alert namespace); empty sweeps
   *     every namespace, which needs a cluster-wide list permission.
   * @param pendingAfter a diagnosis still Pending (no phase) this long after creation is started by
   *     the sweep.
   * @param maxPerTick most diagnoses started by one tick (each runs to completion in the tick).
   */
  public record Sweep(
      @DefaultValue("aegis-reconcile") String pingSource,
      @DefaultValue("") String namespace,
      @DefaultValue("60s") Duration pendingAfter,
      @DefaultValue("3") int maxPerTick) {
    public Sweep {
      required("aegis.diagnose.sweep.ping-source", pingSource);
      required("aegis.diagnose.sweep.pending-after", pendingAfter);
      atLeast("aegis.diagnose.sweep.max-per-tick", maxPerTick, 0);
    }
  }
}
