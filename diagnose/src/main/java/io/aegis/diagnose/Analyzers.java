package io.aegis.diagnose;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.diagnose.analyzer.ContainerLog;
import io.aegis.diagnose.analyzer.Finding;
import io.aegis.diagnose.analyzer.LogFilter;
import io.aegis.diagnose.analyzer.NodeAnalyzer;
import io.aegis.diagnose.analyzer.PodAnalyzer;
import io.aegis.diagnose.analyzer.PytorchJobAnalyzer;
import io.aegis.diagnose.kube.ClusterReader;
import io.aegis.diagnose.kube.CollectorPod;
import io.aegis.diagnose.kube.ContainerLogs;
import io.aegis.kernel.ai.Redactor;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches what each kind's analyzer needs and runs it: the one place that knows which facts belong
 * to which kind. Runs on the diagnosis' deadline thread, so every wait here is interruptible.
 */
public class Analyzers {
  private final ClusterReader reader;
  private final ContainerLogs logs;
  private final CollectorPod collector;
  private final PodAnalyzer podAnalyzer;
  private final NodeAnalyzer nodeAnalyzer;
  private final PytorchJobAnalyzer jobAnalyzer;
  private final Redactor logMask;

  public Analyzers(
      ClusterReader reader, ContainerLogs logs, CollectorPod collector, DiagnoseProperties p) {
    this.reader = reader;
    this.logs = logs;
    this.collector = collector;
    this.podAnalyzer =
        new PodAnalyzer(new LogFilter(p.logKeywords(), p.logMaxLines()), p.maxEvents());
    this.nodeAnalyzer = new NodeAnalyzer(p.maxEvents());
    this.jobAnalyzer = new PytorchJobAnalyzer(p.maxEvents(), p.maxWorkerPods());
    // Secrets only: IPs and e-mails stay readable in the status, which never leaves the cluster.
    this.logMask =
        new Redactor(
            p.maskLogSecrets()
                ? EnumSet.of(
                    Redactor.Category.TOKENS,
                    Redactor.Category.PASSWORDS,
                    Redactor.Category.KEYS,
                    Redactor.Category.AUTHORIZATION)
                : EnumSet.noneOf(Redactor.Category.class));
  }

  /**
   * @param timeout the diagnosis' timeout (bounds the collector pod's run)
   * @throws InterruptedException when the deadline passed
   */
  public Analysis analyze(AegisDiagnosis diagnosis, Target target, Duration timeout)
      throws InterruptedException {
    return switch (target.kind()) {
      case Target.POD -> pod(target.namespace(), target.name());
      case Target.NODE -> node(diagnosis, target.name(), timeout);
      case Target.PYTORCH_JOB -> pytorchJob(target.namespace(), target.name());
      default -> throw new IllegalStateException("Target admitted kind " + target.kind());
    };
  }

  private Analysis pod(String namespace, String name) {
    Pod pod = reader.pod(namespace, name);
    return podAnalyzer.analyze(pod, reader.events(namespace, "Pod", name), logsOf(pod));
  }

  private Analysis node(AegisDiagnosis diagnosis, String name, Duration timeout)
      throws InterruptedException {
    Node node = reader.node(name);
    List<Event> events = reader.events(null, "Node", name);
    List<String> collected =
        collector.enabled() && NodeAnalyzer.ready(node)
            ? collector.collect(diagnosis, name, timeout)
            : List.of();
    return nodeAnalyzer.analyze(node, events, collected);
  }

  private Analysis pytorchJob(String namespace, String name) {
    GenericKubernetesResource job = reader.pytorchJob(namespace, name);
    List<Pod> pods = reader.pods(namespace, Map.of(PytorchJobAnalyzer.JOB_NAME_LABEL, name));
    PytorchJobAnalyzer.PodSelection selection = jobAnalyzer.select(job, pods);
    Map<String, List<Finding>> podFindings = new LinkedHashMap<>();
    for (Pod pod : selection.all()) {
      String podName = pod.getMetadata().getName();
      podFindings.put(
          podName,
          podAnalyzer.findings(pod, reader.events(namespace, "Pod", podName), logsOf(pod)));
    }
    return jobAnalyzer.analyze(
        job, reader.events(namespace, "PyTorchJob", name), selection, podFindings);
  }

  private List<ContainerLog> logsOf(Pod pod) {
    List<ContainerLog> tails =
        logs.tails(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            PodAnalyzer.logsWanted(pod));
    return tails.stream()
        .map(
            l ->
                l.text() == null
                    ? l
                    : new ContainerLog(l.container(), l.previous(), logMask.redact(l.text()), null))
        .toList();
  }
}
