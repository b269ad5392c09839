package io.aegis.trackstatus;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.EventTypes;
import io.aegis.trackstatus.AlertProgress.Observation;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * track-status: Workflow events from the ApiServerSource (Resource mode) are applied to the alert
 * that started the workflow, replying {@code io.aegis.alert.finished.v1} once per alert; the {@code
 * aegis-reconcile} ping runs the {@link Reconciler} sweeps and replies nothing. Events that are not
 * for track-status (other kinds, unmanaged workflows, other ping sources) are acknowledged and
 * ignored.
 */
@Component("trackStatus")
final class TrackStatusFunction implements CloudEventFunction {
  private static final Logger log = LoggerFactory.getLogger(TrackStatusFunction.class);

  private final WorkflowTracker tracker;
  private final Reconciler reconciler;
  private final String reconcileSource;

  TrackStatusFunction(WorkflowTracker tracker, Reconciler reconciler, TrackStatusProperties props) {
    this.tracker = tracker;
    this.reconciler = reconciler;
    this.reconcileSource = props.reconcile().pingSource();
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(
        EventTypes.APISERVER_ADD,
        EventTypes.APISERVER_UPDATE,
        EventTypes.APISERVER_DELETE,
        EventTypes.PING);
  }

  @Override
  public Optional<Reply> apply(InboundEvent event) {
    if (EventTypes.PING.equals(event.type())) {
      if (!event.isPingFrom(reconcileSource)) {
        log.debug("Ping from {} is not the reconcile ping: ignored", event.source());
        return Optional.empty();
      }
      reconciler.sweep(event.id());
      return Optional.empty();
    }
    if (!event.isAbout(WorkflowObservation.API_VERSION, WorkflowObservation.KIND)) {
      log.debug(
          "{} about a {} {}: not a Workflow, ignored",
          event.type(),
          event.extension("apiversion"),
          event.extension("kind"));
      return Optional.empty();
    }
    WorkflowObservation wf = event.dataAs(WorkflowObservation.class);
    if (!wf.hasName()) {
      throw AegisException.invalid(
          "event " + event.id() + " of type " + event.type() + ": data is not a Kubernetes object");
    }
    Optional<String> alert = wf.alertName();
    if (alert.isEmpty()) {
      log.debug("Workflow {}/{} is not managed by Aegis: ignored", wf.namespace(), wf.name());
      return Optional.empty();
    }
    boolean deleted = EventTypes.APISERVER_DELETE.equals(event.type());
    String namespace = wf.namespace() != null ? wf.namespace() : event.extension("namespace");
    return tracker
        .track(
            namespace,
            alert.get(),
            wf.controllerAlert()
                .filter(o -> o.name().equals(alert.get()))
                .map(WorkflowObservation.OwnerReference::uid)
                .orElse(null),
            Observation.of(wf, deleted),
            wf.ref())
        .map(finished -> new Reply(AlertFinished.TYPE, finished.alert().subject(), finished));
  }
}
