package io.aegis.kernel.cloudevents;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A function behind the CloudEvent edge ({@code POST /}). It is a plain {@link Function} bean, so
 * Spring Cloud Function's catalog registers it under its bean name ({@code
 * spring.cloud.function.definition}). An empty result means "handled, no reply": the edge answers
 * 202 with no {@code ce-*} headers. Throw {@link io.aegis.kernel.error.AegisException} to fail:
 * transient reasons become 5xx (retry), permanent ones 4xx.
 */
public interface CloudEventFunction extends Function<InboundEvent, Optional<Reply>> {
  /** The CloudEvent types this function handles; anything else is answered 400. */
  Set<String> acceptedTypes();
}
