package io.aegis.trackstatus;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.ExecuteCounts;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.kube.Reads;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Stored;
import io.aegis.trackstatus.AlertProgress.Observation;
import io.aegis.trackstatus.AlertProgress.Result;
import io.aegis.trackstatus.AlertProgress.Step;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies what a workflow did to its alert, and performs the side effects of finishing exactly
 * once: only the call whose conflict-guarded status write moved the alert to a finished state
 * increments the template's and the rule's counters and gets the {@link AlertFinished} to emit. A
 * redelivered or concurrent duplicate loses the {@code resourceVersion} race, re-reads a finished
 * alert and does nothing.
 */
@Component
final class WorkflowTracker {
  private static final Logger log = LoggerFactory.getLogger(WorkflowTracker.class);

  private final StatusWriter status;
  private final Clock clock;

  WorkflowTracker(StatusWriter status, Clock clock) {
    this.status = status;
    this.clock = clock;
  }

  /**
   * Applies {@code seen} to the alert {@code namespace/alertName}.
   *
   * @param ownerUid uid of the alert the workflow's controller ownerReference names, or null; a
   *     workflow of an earlier alert of the same name is ignored
   * @return the event to emit when this call finished the alert
   * @throws AegisException transient when the alert is not marked Triggered yet (render-submit's
   *     status write is still to come), so the broker redelivers the event later
   */
  Optional<AlertFinished> track(
      String namespace, String alertName, String ownerUid, Observation seen, ResourceRef workflow) {
    Stored<AegisAlert> held = get(namespace, alertName);
    if (held == null) {
      log.info(
          "Alert {}/{} of workflow {} no longer exists", namespace, alertName, seen.workflow());
      return Optional.empty();
    }
    String uid = held.object().getMetadata().getUid();
    if (ownerUid != null && !ownerUid.equals(uid)) {
      log.info(
          "Workflow {} belongs to an earlier alert {}/{} (uid {}), ignored",
          seen.workflow(),
          namespace,
          alertName,
          ownerUid);
      return Optional.empty();
    }
    AtomicReference<Result> outcome = new AtomicReference<>(Result.of(Step.UNCHANGED));
    AtomicReference<String> template = new AtomicReference<>();
    AtomicReference<String> rule = new AtomicReference<>();
    // Starts from the alert just read (one PATCH); a conflict re-reads it.
    status.update(
        held,
        (AegisAlertStatus s) -> {
          // Runs again on a fresh copy after a conflict: only the last run's result was written.
          outcome.set(AlertProgress.apply(s, seen, clock));
          template.set(s.opsStatus == null ? null : s.opsStatus.template);
          rule.set(s.opsStatus == null ? null : s.opsStatus.rule);
        });
    Result result = outcome.get();
    switch (result.step()) {
      case NOT_TRIGGERED:
        throw new AegisException(
            Reason.CONFLICT,
            "alert "
                + namespace
                + "/"
                + alertName
                + " is not marked Triggered yet although workflow "
                + seen.workflow()
                + " reports "
                + (seen.deleted() ? "deletion" : seen.phase())
                + "; retry later");
      case STARTED:
        log.info("Alert {}/{} Running (workflow {})", namespace, alertName, seen.workflow());
        return Optional.empty();
      case FINISHED:
        log.info(
            "Alert {}/{} {} ({}): {}",
            namespace,
            alertName,
            result.outcome(),
            result.reason(),
            result.message());
        boolean succeeded = result.outcome() == OpsStatus.Succeeded;
        count(
            AegisOpsTemplate.class,
            template.get(),
            namespace,
            s -> s.executeStatus = increment(s.executeStatus, succeeded));
        count(
            AegisAlertOpsRule.class,
            rule.get(),
            namespace,
            s -> s.triggerStatus = increment(s.triggerStatus, succeeded));
        return Optional.of(
            new AlertFinished(
                new ResourceRef(namespace, alertName, uid),
                result.outcome().name(),
                workflow,
                result.message()));
      default:
        log.debug(
            "Workflow {}: {} for alert {}/{}",
            seen.workflow(),
            result.step(),
            namespace,
            alertName);
        return Optional.empty();
    }
  }

  private Stored<AegisAlert> get(String namespace, String name) {
    return Reads.stored(status, AegisAlert.class, namespace, name);
  }

  /**
   * Increments a counter of the template or rule named {@code namespace/name}. It runs after the
   * alert is already finished, so failing the call here would make the broker redeliver an event
   * that no longer finishes anything: the count would be lost anyway and the finished event with
   * it. The failure is logged as an error instead, and the event still goes out.
   */
  private <S, R extends io.fabric8.kubernetes.client.CustomResource<?, S>> void count(
      Class<R> kind, String qualifiedName, String defaultNamespace, Consumer<S> mutate) {
    if (qualifiedName == null || qualifiedName.isBlank()) {
      return;
    }
    int slash = qualifiedName.indexOf('/');
    String ns = slash < 0 ? defaultNamespace : qualifiedName.substring(0, slash);
    String name = slash < 0 ? qualifiedName : qualifiedName.substring(slash + 1);
    try {
      if (status.update(kind, ns, name, mutate).isEmpty()) {
        log.info(
            "{} {}/{} no longer exists; its counter is not updated",
            kind.getSimpleName(),
            ns,
            name);
      }
    } catch (AegisException | KubernetesClientException e) {
      log.error(
          "Counter of {} {}/{} not incremented: {}",
          kind.getSimpleName(),
          ns,
          name,
          e.getMessage());
    }
  }

  private static ExecuteCounts increment(ExecuteCounts counts, boolean succeeded) {
    ExecuteCounts c = counts == null ? new ExecuteCounts() : counts;
    if (succeeded) {
      c.succeeded++;
    } else {
      c.failed++;
    }
    return c;
  }
}
