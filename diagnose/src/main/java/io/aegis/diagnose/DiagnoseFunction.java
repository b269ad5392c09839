package io.aegis.diagnose;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagnose function: an ApiServerSource (Resource mode) {@code add} event for an {@code
 * AegisDiagnosis} runs that diagnosis; a tick of the {@code aegis-reconcile} PingSource runs the
 * {@link Sweeper}. Replies nothing: the result is the diagnosis' status.
 */
public class DiagnoseFunction implements CloudEventFunction {
  static final String KIND = HasMetadata.getKind(AegisDiagnosis.class);
  static final String API_VERSION = HasMetadata.getApiVersion(AegisDiagnosis.class);

  private static final Logger log = LoggerFactory.getLogger(DiagnoseFunction.class);

  private final Diagnoser diagnoser;
  private final Sweeper sweeper;
  private final String pingSource;

  public DiagnoseFunction(Diagnoser diagnoser, Sweeper sweeper, DiagnoseProperties properties) {
    this.diagnoser = diagnoser;
    this.sweeper = sweeper;
    this.pingSource = properties.sweep().pingSource();
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(EventTypes.APISERVER_ADD, EventTypes.PING);
  }

  @Override
  public Optional<Reply> apply(InboundEvent event) {
    if (EventTypes.PING.equals(event.type())) {
      if (event.isPingFrom(pingSource)) {
        sweeper.sweep();
      } else {
        log.debug("ping from {} is not the reconcile PingSource; ignored", event.source());
      }
      return Optional.empty();
    }
    if (!event.isAbout(API_VERSION, KIND)) {
      log.debug(
          "event {} is about {} {}, not {}; ignored",
          event.id(),
          event.extension("apiversion"),
          event.extension("kind"),
          KIND);
      return Optional.empty();
    }
    AegisDiagnosis diagnosis = event.dataAs(AegisDiagnosis.class);
    String namespace =
        diagnosis.getMetadata() == null || diagnosis.getMetadata().getNamespace() == null
            ? event.extension("namespace")
            : diagnosis.getMetadata().getNamespace();
    String name =
        diagnosis.getMetadata() == null || diagnosis.getMetadata().getName() == null
            ? event.extension("name")
            : diagnosis.getMetadata().getName();
    if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
      throw AegisException.invalid(
          "event " + event.id() + " carries an AegisDiagnosis without namespace and name");
    }
    diagnoser.diagnose(namespace, name);
    return Optional.empty();
  }
}
