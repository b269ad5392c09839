package io.aegis.diagnose;

import io.aegis.diagnose.kube.ClusterReader;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile sweep (on the {@code aegis-reconcile} ping): ApiServerSource sends nothing for
 * diagnoses created while it was down and drops events it cannot deliver, so diagnoses still
 * Pending a while after creation are started here, and diagnoses left Diagnosing past their timeout
 * are failed. TTL deletion of finished diagnoses is track-status' sweep.
 */
public class Sweeper {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final KubernetesClient client;
  private final Diagnoser diagnoser;
  private final DiagnoseProperties.Sweep config;
  private final Clock clock;
  private final ExecutorService workers;

  public Sweeper(
      KubernetesClient client,
      Diagnoser diagnoser,
      DiagnoseProperties.Sweep config,
      Clock clock,
      ExecutorService workers) {
    this.client = client;
    this.diagnoser = diagnoser;
    this.config = config;
    this.clock = clock;
    this.workers = workers;
  }

  /** Runs the sweep; returns how many diagnoses it acted on. */
  public int sweep() {
    List<AegisDiagnosis> all;
    try {
      var diagnoses = client.resources(AegisDiagnosis.class);
      all =
          (config.namespace() == null || config.namespace().isBlank()
                  ? diagnoses.inAnyNamespace()
                  : diagnoses.inNamespace(config.namespace()))
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      throw ClusterReader.classify("list AegisDiagnoses", e);
    }
    Instant now = clock.instant();
    List<AegisDiagnosis> due = new ArrayList<>();
    all.stream()
        .filter(d -> Phases.startable(d.getStatus()))
        .filter(d -> created(d).plus(config.pendingAfter()).isBefore(now))
        .sorted(Comparator.comparing(Sweeper::created))
        .limit(config.maxPerTick())
        .forEach(due::add);
    // Diagnoser decides whether a Diagnosing one is abandoned; asking costs one read each.
    all.stream()
        .filter(d -> d.getStatus() != null && Phases.DIAGNOSING.equals(d.getStatus().phase))
        .forEach(due::add);
    List<Future<Diagnoser.Outcome>> runs = new ArrayList<>();
    for (AegisDiagnosis d : due) {
      runs.add(
          workers.submit(
              () -> diagnoser.diagnose(d.getMetadata().getNamespace(), d.getMetadata().getName())));
    }
    int acted = 0;
    for (Future<Diagnoser.Outcome> run : runs) {
      try {
        Diagnoser.Outcome outcome = run.get();
        if (outcome == Diagnoser.Outcome.COMPLETED || outcome == Diagnoser.Outcome.FAILED) {
          acted++;
        }
      } catch (ExecutionException e) {
        log.warn("sweep: a diagnosis could not be run: {}", e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (acted > 0) {
      log.info("sweep: finished {} diagnosis(es) whose events were lost or abandoned", acted);
    }
    return acted;
  }

  private static Instant created(AegisDiagnosis d) {
    return Timestamps.parse(d.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
  }
}
