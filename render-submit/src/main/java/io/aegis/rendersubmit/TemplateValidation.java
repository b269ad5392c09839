package io.aegis.rendersubmit;

import io.aegis.kernel.cloudevents.ApiServerEvents;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.Aegis;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AegisOpsTemplateStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.Reads;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Stored;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.rendersubmit.template.TemplateCheck;
import io.aegis.rendersubmit.template.WorkflowTemplateEngine;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code AegisOpsTemplate.status} telling whether the manifest is usable: {@code Recorded}
 * (with any warning, e.g. the rewritten {@code ttlSecondsAfterFinished}, in {@code message} and a
 * Kubernetes Warning Event) or {@code Invalid} with the problem. Driven by ApiServerSource
 * (Resource mode) add/update events for the template; an unchanged result writes nothing, so the
 * update event of our own status write ends here.
 */
final class TemplateValidation {
  static final String KIND = HasMetadata.getKind(AegisOpsTemplate.class);
  static final String RECORDED = "Recorded";
  static final String INVALID = "Invalid";

  /** Reason of the Warning Event posted when a template needs fixing. */
  static final String EVENT_REASON = "ManifestRewritten";

  private static final int MAX_MESSAGE = 2000;
  private static final Logger log = LoggerFactory.getLogger(TemplateValidation.class);

  private final KubernetesClient client;
  private final StatusWriter status;
  private final WorkflowTemplateEngine engine;
  private final boolean postEvents;

  TemplateValidation(
      KubernetesClient client, StatusWriter status, WorkflowTemplateEngine engine, boolean events) {
    this.client = client;
    this.status = status;
    this.engine = engine;
    this.postEvents = events;
  }

  /** Validates the template an ApiServerSource event is about; other kinds are not for us. */
  void onTemplateEvent(InboundEvent event) {
    if (!ApiServerEvents.isAbout(event, AegisOpsTemplate.class)) {
      return;
    }
    AegisOpsTemplate sent = event.dataAs(AegisOpsTemplate.class);
    String namespace = firstNonNull(event.extension("namespace"), namespaceOf(sent));
    String name = firstNonNull(event.extension("name"), nameOf(sent));
    if (namespace == null || name == null) {
      throw AegisException.invalid("AegisOpsTemplate event " + event.id() + " names no object");
    }
    // Validate what is stored now, not what the event carried: events can arrive out of order.
    Stored<AegisOpsTemplate> current =
        Reads.stored(status, AegisOpsTemplate.class, namespace, name);
    if (current == null) {
      return;
    }
    AegisOpsTemplate stored = current.object();
    TemplateCheck check = engine.check(stored.getSpec() == null ? null : stored.getSpec().manifest);
    record(current, check.valid(), check.valid() ? check.warnings() : List.of(), check.problem());
  }

  /** Records warnings found while rendering a template (normally already there from validation). */
  void recordWarnings(ResourceRef template, List<String> warnings) {
    Stored<AegisOpsTemplate> current =
        Reads.stored(status, AegisOpsTemplate.class, template.namespace(), template.name());
    if (current != null) {
      record(current, true, warnings, null);
    }
  }

  /** Writes the verdict, starting from the template as just read (one PATCH, none if unchanged). */
  private void record(
      Stored<AegisOpsTemplate> held, boolean valid, List<String> warnings, String problem) {
    AegisOpsTemplate template = held.object();
    String namespace = held.namespace();
    String name = held.name();
    String value = valid ? RECORDED : INVALID;
    String message =
        shorten(valid ? (warnings.isEmpty() ? null : String.join("; ", warnings)) : problem);
    AtomicBoolean changed = new AtomicBoolean();
    status.update(
        held,
        (AegisOpsTemplateStatus s) -> {
          changed.set(!Objects.equals(s.status, value) || !Objects.equals(s.message, message));
          s.status = value;
          s.message = message;
          Conditions.set(
              s.conditions,
              ConditionTypes.VALID,
              valid ? Conditions.TRUE : Conditions.FALSE,
              valid ? ConditionReasons.RECORDED : ConditionReasons.INVALID,
              message != null ? message : "the manifest renders a valid Argo Workflow",
              status.clock());
        });
    if (!changed.get()) {
      return;
    }
    if (valid) {
      log.info("template {}/{} recorded{}", namespace, name, message == null ? "" : ": " + message);
      if (message != null && postEvents) {
        warn(template, message);
      }
    } else {
      log.warn("template {}/{} is invalid: {}", namespace, name, message);
    }
  }

  /**
   * Posts a Warning Event on the template. Best effort by design: the status already carries the
   * message, and an Event is a notification, so failing to post one does not fail the delivery.
   */
  private void warn(AegisOpsTemplate template, String message) {
    String namespace = template.getMetadata().getNamespace();
    String name = template.getMetadata().getName();
    String now = Timestamps.now(status.clock());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(Names.withHashSuffix(name, template.getMetadata().getUid() + message))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(Aegis.API_VERSION)
            .withKind(KIND)
            .withNamespace(namespace)
            .withName(name)
            .withUid(template.getMetadata().getUid())
            .endInvolvedObject()
            .withType("Warning")
            .withReason(EVENT_REASON)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent("aegis-render-submit")
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        log.warn(
            "could not post a Warning Event on template {}/{}: {}",
            namespace,
            name,
            e.getMessage());
      }
    }
  }

  private static String shorten(String message) {
    return message == null || message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE) + "...";
  }

  private static String namespaceOf(AegisOpsTemplate t) {
    return t.getMetadata() == null ? null : t.getMetadata().getNamespace();
  }

  private static String nameOf(AegisOpsTemplate t) {
    return t.getMetadata() == null ? null : t.getMetadata().getName();
  }

  private static String firstNonNull(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }
}
