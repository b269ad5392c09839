package io.aegis.kernel.cloudevents;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers for the events of Knative's ApiServerSource (Resource mode). */
public final class ApiServerEvents {
  private static final Logger log = LoggerFactory.getLogger(ApiServerEvents.class);

  private ApiServerEvents() {}

  /**
   * Whether {@code event} is about an object of {@code kind} (its {@code kind} and {@code
   * apiversion} extensions). Events about other kinds are logged at debug: a function acknowledges
   * them (2xx, so the broker does not retry) and does nothing.
   */
  public static boolean isAbout(InboundEvent event, Class<? extends HasMetadata> kind) {
    if (event.isAbout(HasMetadata.getApiVersion(kind), HasMetadata.getKind(kind))) {
      return true;
    }
    log.debug(
        "ignoring {} for {} {}",
        event.type(),
        event.extension("apiversion"),
        event.extension("kind"));
    return false;
  }
}
