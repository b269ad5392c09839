package io.aegis.trackstatus;

import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.ArgoWorkflows;
import io.aegis.trackstatus.AlertProgress.Observation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The reconcile sweeps run on each {@code aegis-reconcile} ping. Events can be lost
 * (ApiServerSource drops after 5 failed sends and sends nothing for objects that existed before it
 * started; the in-memory broker loses events on restart), so the CRs are re-read and anything stuck
 * is driven on:
 *
 * <ol>
 *   <li>an alert without {@code triggerStatus} older than {@code stuck-after}: its {@code
 *       io.aegis.alert.recorded.v1} is published again (match-rule and render-submit are
 *       idempotent, so a duplicate is harmless);
 *   <li>a Triggered alert that has not finished: its workflow is read; gone → Failed / {@code
 *       WorkflowDeleted}; running or finished → applied as if its event had arrived (a finish
 *       publishes {@code io.aegis.alert.finished.v1});
 *   <li>finished alerts past their TTL are deleted (their workflows go with them, by owner
 *       reference);
 *   <li>finished diagnoses past their {@code spec.ttlStrategy} are deleted.
 * </ol>
 *
 * Each sweep acts on at most {@code max-items-per-sweep} objects per tick; the rest waits for the
 * next one. A failure on one object is logged and retried on the next tick; only a failure to list
 * fails the tick (5xx, the broker redelivers the ping, every sweep being idempotent).
 */
@Component
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  /** What one tick did. */
  record Sweep(int redriven, int reconciled, int alertsDeleted, int diagnosesDeleted, int failed) {}

  private static final class Tally {
    int redriven;
    int reconciled;
    int alertsDeleted;
    int diagnosesDeleted;
    int failed;
  }

  private final KubernetesClient client;
  private final WorkflowTracker tracker;
  private final EventPublisher publisher;
  private final TrackStatusProperties props;
  private final Clock clock;

  Reconciler(
      KubernetesClient client,
      WorkflowTracker tracker,
      EventPublisher publisher,
      TrackStatusProperties props,
      Clock clock) {
    this.client = client;
    this.tracker = tracker;
    this.publisher = publisher;
    this.props = props;
    this.clock = clock;
  }

  /** Runs every sweep once; {@code tickId} (the ping's id) makes published event ids stable. */
  Sweep sweep(String tickId) {
    Instant now = clock.instant();
    Instant stuckBefore = now.minus(props.reconcile().stuckAfter());
    int max = props.reconcile().maxItemsPerSweep();
    Tally tally = new Tally();
    forEach(
        AegisAlert.class,
        alert -> {
          AegisAlertStatus status = alert.getStatus();
          boolean finished = AlertProgress.isFinished(status);
          TriggerStatus trigger =
              status == null || status.opsStatus == null ? null : status.opsStatus.triggerStatus;
          try {
            if (trigger == null && !finished) {
              if (tally.redriven < max && createdBefore(alert, stuckBefore)) {
                redrive(alert, tickId);
                tally.redriven++;
              }
            } else if (trigger == TriggerStatus.Triggered && !finished) {
              if (tally.reconciled < max) {
                reconcileWorkflow(alert, tickId);
                tally.reconciled++;
              }
            } else if (tally.alertsDeleted < max
                && Retention.alertExpiry(alert, props).filter(t -> !t.isAfter(now)).isPresent()) {
              delete(alert);
              tally.alertsDeleted++;
            }
          } catch (AegisException | KubernetesClientException e) {
            tally.failed++;
            log.warn(
                "Reconcile of alert {} failed, retried next tick: {}", key(alert), e.getMessage());
          }
        });
    forEach(
        AegisDiagnosis.class,
        diagnosis -> {
          if (tally.diagnosesDeleted < max
              && Retention.diagnosisExpiry(diagnosis).filter(t -> !t.isAfter(now)).isPresent()) {
            try {
              delete(diagnosis);
              tally.diagnosesDeleted++;
            } catch (KubernetesClientException e) {
              tally.failed++;
              log.warn(
                  "Deleting diagnosis {} failed, retried next tick: {}",
                  key(diagnosis),
                  e.getMessage());
            }
          }
        });
    Sweep sweep =
        new Sweep(
            tally.redriven,
            tally.reconciled,
            tally.alertsDeleted,
            tally.diagnosesDeleted,
            tally.failed);
    log.info("Reconcile tick {}: {}", tickId, sweep);
    return sweep;
  }

  private void redrive(AegisAlert alert, String tickId) {
    AegisAlertStatus status = alert.getStatus();
    String alertStatus =
        status != null && status.status != null
            ? status.status.name()
            : alert.getSpec().status == null ? null : alert.getSpec().status.name();
    ResourceRef ref = refOf(alert);
    AlertRecorded recorded =
        new AlertRecorded(
            ref,
            alert.getSpec().type,
            alertStatus,
            alert.getSpec().fingerprint,
            status == null || status.count == null ? 1 : status.count,
            true);
    publisher.publish(
        tickId + "/recorded/" + ref.uid(), new Reply(AlertRecorded.TYPE, ref.subject(), recorded));
    log.info(
        "Alert {} has no triggerStatus yet: re-driven with {}", ref.subject(), AlertRecorded.TYPE);
  }

  private void reconcileWorkflow(AegisAlert alert, String tickId) {
    String ns = alert.getMetadata().getNamespace();
    String workflowName = alert.getStatus().opsStatus.workflow;
    if (workflowName == null || workflowName.isBlank()) {
      log.warn("Alert {} is Triggered but names no workflow; left alone", key(alert));
      return;
    }
    GenericKubernetesResource found;
    try {
      found =
          client.genericKubernetesResources(WORKFLOWS).inNamespace(ns).withName(workflowName).get();
    } catch (KubernetesClientException e) {
      throw AegisException.apiUnavailable("cannot read workflow " + ns + "/" + workflowName, e);
    }
    Optional<AlertFinished> finished;
    if (found == null) {
      finished =
          tracker.track(
              ns,
              alert.getMetadata().getName(),
              null,
              Observation.vanished(workflowName),
              ResourceRef.of(ns, workflowName));
    } else {
      WorkflowObservation wf = Json.MAPPER.convertValue(found, WorkflowObservation.class);
      finished =
          tracker.track(
              ns,
              alert.getMetadata().getName(),
              wf.controllerAlert().map(WorkflowObservation.OwnerReference::uid).orElse(null),
              Observation.of(wf, false),
              wf.ref());
    }
    finished.ifPresent(event -> publishFinished(event, tickId));
  }

  /**
   * The alert is already finished when this runs, so a retry would not finish it again: a sink
   * failure is logged as an error (the alert's status says it all) rather than failing the tick.
   */
  private void publishFinished(AlertFinished event, String tickId) {
    try {
      publisher.publish(
          tickId + "/finished/" + event.alert().uid(),
          new Reply(AlertFinished.TYPE, event.alert().subject(), event));
    } catch (AegisException e) {
      log.error(
          "Alert {} finished ({}) but {} could not be published: {}",
          event.alert().subject(),
          event.outcome(),
          AlertFinished.TYPE,
          e.getMessage());
    }
  }

  private void delete(HasMetadata object) {
    client.resource(object).delete();
    log.info("{} {} is past its TTL: deleted", object.getKind(), key(object));
  }

  private static boolean createdBefore(HasMetadata object, Instant limit) {
    return Retention.firstTime(object.getMetadata().getCreationTimestamp())
        .map(created -> created.isBefore(limit))
        .orElse(false);
  }

  private <R extends HasMetadata> void forEach(Class<R> kind, Consumer<R> action) {
    String namespace = props.alertNamespace();
    String next = null;
    do {
      ListOptions options =
          new ListOptionsBuilder()
              .withLimit((long) props.reconcile().listPageSize())
              .withContinue(next)
              .build();
      KubernetesResourceList<R> page;
      try {
        page = client.resources(kind).inNamespace(namespace).list(options);
      } catch (KubernetesClientException e) {
        throw AegisException.apiUnavailable(
            "cannot list " + kind.getSimpleName() + "s in " + namespace, e);
      }
      new ArrayList<>(page.getItems()).forEach(action);
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  private static ResourceRef refOf(HasMetadata object) {
    return new ResourceRef(
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        object.getMetadata().getUid());
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
