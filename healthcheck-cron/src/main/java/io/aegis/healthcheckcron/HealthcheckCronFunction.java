package io.aegis.healthcheckcron;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * healthcheck-cron: the {@code aegis-healthcheck} ping runs a {@link Ticker tick} (due cluster
 * checks start, lost events are made up for); ApiServerSource events about check pods and new
 * AegisNodeHealthChecks move the checks along ({@link CheckEvents}). It never replies: what it
 * produces is status on the checks (and, if enabled, Node events and AegisAlerts). Events that are
 * not for it — other ping sources, other kinds — are acknowledged and ignored.
 */
@Component("healthcheckCron")
final class HealthcheckCronFunction implements CloudEventFunction {
  static final String POD_API_VERSION = "v1";
  static final String NODE_CHECK_API_VERSION =
      HasMetadata.getApiVersion(AegisNodeHealthCheck.class);

  private static final Logger log = LoggerFactory.getLogger(HealthcheckCronFunction.class);
  private static final String POD_KIND = "Pod";
  private static final String NODE_CHECK_KIND = HasMetadata.getKind(AegisNodeHealthCheck.class);

  private final Ticker ticker;
  private final CheckEvents checkEvents;
  private final String pingSource;

  HealthcheckCronFunction(
      Ticker ticker, CheckEvents checkEvents, HealthcheckCronProperties properties) {
    this.ticker = ticker;
    this.checkEvents = checkEvents;
    this.pingSource = properties.healthcheck().pingSource();
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(
        EventTypes.PING,
        EventTypes.APISERVER_ADD,
        EventTypes.APISERVER_UPDATE,
        EventTypes.APISERVER_DELETE);
  }

  @Override
  public Optional<Reply> apply(InboundEvent event) {
    if (EventTypes.PING.equals(event.type())) {
      if (!event.isPingFrom(pingSource)) {
        log.debug("ping from {} is not the health-check ping: ignored", event.source());
        return Optional.empty();
      }
      ticker.tick();
      return Optional.empty();
    }
    if (event.isAbout(POD_API_VERSION, POD_KIND)) {
      checkEvents.podChanged(object(event, Pod.class));
    } else if (event.isAbout(NODE_CHECK_API_VERSION, NODE_CHECK_KIND)
        && EventTypes.APISERVER_ADD.equals(event.type())) {
      checkEvents.nodeCheckAdded(object(event, AegisNodeHealthCheck.class));
    } else {
      log.debug(
          "{} about {} {}: not for healthcheck-cron, ignored",
          event.type(),
          event.extension("apiversion"),
          event.extension("kind"));
    }
    return Optional.empty();
  }

  /** The object the event carries (Resource mode); one without a name and namespace is poison. */
  private static <T extends HasMetadata> T object(InboundEvent event, Class<T> type) {
    T object = event.dataAs(type);
    if (object.getMetadata() == null
        || object.getMetadata().getName() == null
        || object.getMetadata().getNamespace() == null) {
      throw AegisException.invalid(
          "event "
              + event.id()
              + " of type "
              + event.type()
              + ": data is not a namespaced "
              + type.getSimpleName());
    }
    return object;
  }
}
