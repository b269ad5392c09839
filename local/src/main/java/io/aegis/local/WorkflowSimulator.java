package io.aegis.local;

import io.aegis.kernel.kube.ArgoWorkflows;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --simulate-workflows}: there is no Argo controller in the embedded API, so this plays its
 * part for every new Workflow — after {@code delay} it writes {@code status.phase: Running} (with
 * {@code startedAt}), after another {@code delay} {@code Succeeded} (with {@code finishedAt},
 * {@code progress: 1/1} and Argo's {@code workflows.argoproj.io/completed} / {@code phase} labels).
 * Nothing runs: every line it prints says SIMULATION.
 */
final class WorkflowSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowSimulator.class);
  static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  private final KubernetesClient client;
  private final Duration delay;
  private final PrintStream out;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Daemons.factory("workflow-simulator"));
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<GenericKubernetesResource> informer;

  WorkflowSimulator(KubernetesClient client, Duration delay, PrintStream out) {
    this.client = client;
    this.delay = delay;
    this.out = out;
  }

  void start() {
    informer =
        client
            .genericKubernetesResources(WORKFLOWS)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource wf) {
                    simulate(wf);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource wf) {
                    simulate(wf);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource wf, boolean unknown) {}
                });
  }

  private void simulate(GenericKubernetesResource wf) {
    String ns = wf.getMetadata().getNamespace();
    String name = wf.getMetadata().getName();
    if (phase(wf) != null || !seen.add(ns + "/" + name)) {
      return;
    }
    scheduler.schedule(() -> advance(ns, name, "Running"), delay.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.schedule(
        () -> advance(ns, name, "Succeeded"), 2 * delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void advance(String ns, String name, String phase) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      GenericKubernetesResource updated =
          client
              .genericKubernetesResources(WORKFLOWS)
              .inNamespace(ns)
              .withName(name)
              .edit(
                  wf -> {
                    Map<String, Object> status = new LinkedHashMap<>();
                    Object existing = wf.getAdditionalProperties().get("status");
                    if (existing instanceof Map<?, ?> map) {
                      map.forEach((k, v) -> status.put(String.valueOf(k), v));
                    }
                    status.put("phase", phase);
                    status.putIfAbsent("startedAt", now);
                    Map<String, String> labels =
                        new HashMap<>(
                            wf.getMetadata().getLabels() == null
                                ? Map.of()
                                : wf.getMetadata().getLabels());
                    labels.put("workflows.argoproj.io/phase", phase);
                    if (phase.equals("Succeeded")) {
                      status.put("finishedAt", now);
                      status.put("progress", "1/1");
                      labels.put("workflows.argoproj.io/completed", "true");
                    } else {
                      status.put("progress", "0/1");
                    }
                    wf.getMetadata().setLabels(labels);
                    wf.getAdditionalProperties().put("status", status);
                    return wf;
                  });
      if (updated != null) {
        out.println(
            LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                + "  SIMULATION  workflow "
                + ns
                + "/"
                + name
                + " -> "
                + phase
                + "  (nothing ran: --simulate-workflows)");
      }
    } catch (KubernetesClientException e) {
      log.warn("SIMULATION: cannot move workflow {}/{} to {}: {}", ns, name, phase, e.getMessage());
    }
  }

  private static Object phase(GenericKubernetesResource wf) {
    Object status = wf.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? map.get("phase") : null;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (informer != null) {
      informer.close();
    }
  }
}
