package io.aegis.rendersubmit;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AegisOpsTemplateStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.ExecuteCounts;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.events.WorkflowSubmitted;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Stored;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.rendersubmit.template.RenderedWorkflow;
import io.aegis.rendersubmit.template.TemplateInvalidException;
import io.aegis.rendersubmit.template.TemplateVariables;
import io.aegis.rendersubmit.template.WorkflowTemplateEngine;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * render-submit: on {@code io.aegis.alert.matched.v1}, renders the matched template for the alert
 * and creates its Argo Workflow, then marks the alert {@code Triggered/Pending} and replies {@code
 * io.aegis.workflow.submitted.v1}. On ApiServerSource events for {@code AegisOpsTemplate}, records
 * whether the template is valid (see {@link TemplateValidation}).
 *
 * <p>Idempotent: the workflow name is derived from the alert's uid (409 = already created), an
 * alert that already has a trigger status is left alone, and a template's failure counter moves
 * only in the call that moved the alert to {@code TemplateInvalid}.
 */
@Component
public class RenderSubmitFunction implements CloudEventFunction {
  private static final Logger log = LoggerFactory.getLogger(RenderSubmitFunction.class);

  private final KubernetesClient client;
  private final StatusWriter status;
  private final WorkflowTemplateEngine engine;
  private final WorkflowFactory workflows;
  private final TemplateValidation validation;

  public RenderSubmitFunction(
      KubernetesClient client, StatusWriter status, RenderSubmitProperties properties) {
    this.client = client;
    this.status = status;
    this.engine = new WorkflowTemplateEngine(properties.limits());
    this.workflows =
        new WorkflowFactory(client.getKubernetesSerialization(), properties.argoInstanceId());
    this.validation = new TemplateValidation(client, status, engine, properties.templateEvents());
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(AlertMatched.TYPE, EventTypes.APISERVER_ADD, EventTypes.APISERVER_UPDATE);
  }

  @Override
  public Optional<Reply> apply(InboundEvent event) {
    if (AlertMatched.TYPE.equals(event.type())) {
      return submit(event.dataAs(AlertMatched.class));
    }
    validation.onTemplateEvent(event);
    return Optional.empty();
  }

  private Optional<Reply> submit(AlertMatched matched) {
    ResourceRef alertRef = matched.alert();
    if (alertRef == null || alertRef.name() == null || alertRef.namespace() == null) {
      throw AegisException.invalid("io.aegis.alert.matched.v1 without alert namespace/name");
    }
    if (matched.template() == null || matched.template().name() == null) {
      throw AegisException.invalid("io.aegis.alert.matched.v1 without template reference");
    }
    // Read raw as well: the status writes below start from this copy (one PATCH each).
    Stored<AegisAlert> held = read(AegisAlert.class, alertRef.namespace(), alertRef.name());
    if (held == null) {
      log.info("alert {} no longer exists; nothing to submit", alertRef.subject());
      return Optional.empty();
    }
    AegisAlert alert = held.object();
    if (alertRef.uid() != null && !alertRef.uid().equals(alert.getMetadata().getUid())) {
      log.info("alert {} was re-created since it was matched; skipping", alertRef.subject());
      return Optional.empty();
    }
    if (triggerStatus(alert) != null) {
      log.debug("alert {} already {}", alertRef.subject(), triggerStatus(alert));
      return Optional.empty();
    }
    ResourceRef templateRef = templateRef(matched);
    String rule = matched.rule() == null ? null : matched.rule().subject();
    Stored<AegisOpsTemplate> heldTemplate =
        read(AegisOpsTemplate.class, templateRef.namespace(), templateRef.name());
    if (heldTemplate == null) {
      noWorkflow(
          held,
          TriggerStatus.TemplateNotFound,
          ConditionReasons.TEMPLATE_NOT_FOUND,
          "template " + templateRef.subject() + " does not exist",
          rule,
          templateRef);
      return Optional.empty();
    }

    AegisOpsTemplate template = heldTemplate.object();
    RenderedWorkflow rendered;
    try {
      String manifest = template.getSpec() == null ? null : template.getSpec().manifest;
      rendered = engine.render(manifest, TemplateVariables.of(alert));
    } catch (TemplateInvalidException e) {
      String message = "template " + templateRef.subject() + ": " + e.getMessage();
      boolean moved =
          noWorkflow(
              held,
              TriggerStatus.TemplateInvalid,
              ConditionReasons.TEMPLATE_INVALID,
              message,
              rule,
              templateRef);
      if (moved) {
        countFailure(heldTemplate);
      }
      return Optional.empty();
    }
    if (!rendered.warnings().isEmpty()) {
      validation.recordWarnings(templateRef, rendered.warnings());
    }

    GenericKubernetesResource workflow = workflows.workflow(rendered.workflow(), alert);
    String name = workflow.getMetadata().getName();
    String ns = workflow.getMetadata().getNamespace();
    String workflowUid;
    try {
      workflowUid = create(workflow);
    } catch (Rejected e) {
      noWorkflow(
          held,
          TriggerStatus.TriggerFailed,
          ConditionReasons.TRIGGER_FAILED,
          "creating workflow " + ns + "/" + name + " was rejected: " + e.getMessage(),
          rule,
          templateRef);
      return Optional.empty();
    }

    triggered(held, name, rule, templateRef);
    ResourceRef aRef =
        new ResourceRef(
            alert.getMetadata().getNamespace(),
            alert.getMetadata().getName(),
            alert.getMetadata().getUid());
    return Optional.of(
        new Reply(
            WorkflowSubmitted.TYPE,
            aRef.subject(),
            new WorkflowSubmitted(aRef, new ResourceRef(ns, name, workflowUid))));
  }

  private static ResourceRef templateRef(AlertMatched matched) {
    ResourceRef t = matched.template();
    String ns = t.namespace() != null ? t.namespace() : matched.alert().namespace();
    return new ResourceRef(ns, t.name(), t.uid());
  }

  /**
   * Creates the workflow; an existing one of the same name for the same alert is success.
   *
   * @return the workflow's uid
   */
  private String create(GenericKubernetesResource workflow) {
    String ns = workflow.getMetadata().getNamespace();
    String name = workflow.getMetadata().getName();
    try {
      GenericKubernetesResource created =
          client
              .genericKubernetesResources(WorkflowFactory.WORKFLOWS)
              .inNamespace(ns)
              .resource(workflow)
              .create();
      log.info("created workflow {}/{}", ns, name);
      return created.getMetadata().getUid();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw classify(e, "create workflow " + ns + "/" + name);
      }
    }
    GenericKubernetesResource existing =
        call(
            "read workflow " + ns + "/" + name,
            () ->
                client
                    .genericKubernetesResources(WorkflowFactory.WORKFLOWS)
                    .inNamespace(ns)
                    .withName(name)
                    .get());
    if (existing == null) {
      // Created by an earlier delivery and deleted since: let the redelivery decide.
      throw AegisException.apiUnavailable(
          "workflow " + ns + "/" + name + " was reported existing but cannot be read", null);
    }
    String alertUid = workflow.getMetadata().getOwnerReferences().get(0).getUid();
    boolean ours =
        existing.getMetadata().getOwnerReferences() != null
            && existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), alertUid));
    if (!ours) {
      throw new Rejected("a workflow of that name exists and is not owned by this alert");
    }
    log.info("workflow {}/{} already exists", ns, name);
    return existing.getMetadata().getUid();
  }

  /** Marks the alert Triggered/Pending, unless a concurrent delivery already decided. */
  private void triggered(
      Stored<AegisAlert> alert, String workflow, String rule, ResourceRef template) {
    String message = "created workflow " + workflow + " from template " + template.subject();
    status.update(
        alert,
        (AegisAlertStatus s) -> {
          AlertOpsStatus ops = ops(s);
          if (ops.triggerStatus != null) {
            return;
          }
          ops.triggerStatus = TriggerStatus.Triggered;
          ops.alertOpsStatus = OpsStatus.Pending;
          ops.total = 1;
          ops.workflow = workflow;
          if (rule != null) {
            ops.rule = rule;
          }
          ops.template = template.subject();
          ops.message = message;
          Conditions.set(
              s.conditions,
              ConditionTypes.TRIGGERED,
              Conditions.TRUE,
              ConditionReasons.WORKFLOW_SUBMITTED,
              message,
              status.clock());
        });
    log.info("alert {}/{}: {}", alert.namespace(), alert.name(), message);
  }

  /**
   * Records that no workflow will run for the alert.
   *
   * @return true when this call moved the alert (false when another delivery did first)
   */
  private boolean noWorkflow(
      Stored<AegisAlert> alert,
      TriggerStatus outcome,
      String reason,
      String message,
      String rule,
      ResourceRef template) {
    AtomicBoolean moved = new AtomicBoolean();
    status.update(
        alert,
        (AegisAlertStatus s) -> {
          moved.set(false);
          AlertOpsStatus ops = ops(s);
          if (ops.triggerStatus != null) {
            return;
          }
          ops.triggerStatus = outcome;
          ops.message = message;
          if (rule != null) {
            ops.rule = rule;
          }
          ops.template = template.subject();
          ops.completionTime = Timestamps.now(status.clock());
          Conditions.set(
              s.conditions,
              ConditionTypes.TRIGGERED,
              Conditions.FALSE,
              reason,
              message,
              status.clock());
          moved.set(true);
        });
    if (moved.get()) {
      log.warn("alert {}/{}: {}: {}", alert.namespace(), alert.name(), outcome, message);
    }
    return moved.get();
  }

  private void countFailure(Stored<AegisOpsTemplate> template) {
    status.update(
        template,
        (AegisOpsTemplateStatus s) -> {
          if (s.executeStatus == null) {
            s.executeStatus = new ExecuteCounts();
          }
          s.executeStatus.failed++;
        });
  }

  private static AlertOpsStatus ops(AegisAlertStatus s) {
    if (s.opsStatus == null) {
      s.opsStatus = new AlertOpsStatus();
    }
    return s.opsStatus;
  }

  private static TriggerStatus triggerStatus(AegisAlert alert) {
    AegisAlertStatus s = alert.getStatus();
    return s == null || s.opsStatus == null ? null : s.opsStatus.triggerStatus;
  }

  private <T extends CustomResource<?, ?>> Stored<T> read(
      Class<T> kind, String namespace, String name) {
    return call(
        "read " + kind.getSimpleName() + " " + namespace + "/" + name,
        () -> status.read(kind, namespace, name).orElse(null));
  }

  /** Runs a read; API failures are transient, anything else is unexpected (500, logged). */
  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (isTransient(e)) {
        throw AegisException.apiUnavailable("cannot " + what + ": " + reasonOf(e), e);
      }
      throw e;
    }
  }

  private static boolean isTransient(KubernetesClientException e) {
    int code = e.getCode();
    return code == 0 || code >= 500 || code == 429;
  }

  /**
   * 5xx, 429 and connection failures are transient (the event is redelivered); other 4xx are the
   * API server refusing the request, which retrying will not change.
   */
  private static RuntimeException classify(KubernetesClientException e, String what) {
    if (isTransient(e)) {
      return AegisException.apiUnavailable("cannot " + what + ": " + reasonOf(e), e);
    }
    return new Rejected(e.getCode() + " " + reasonOf(e));
  }

  private static String reasonOf(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  /** The API server refused to create the workflow. */
  private static final class Rejected extends RuntimeException {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }
}
