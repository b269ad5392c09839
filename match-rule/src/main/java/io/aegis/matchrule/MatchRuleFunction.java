package io.aegis.matchrule;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Reads;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Stored;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the AegisAlertOpsRule for a recorded alert and replies {@code io.aegis.alert.matched.v1},
 * or records on the alert why nothing will run ({@code RuleNotFound}, {@code TooManyRulesFound},
 * {@code TemplateNotFound}) and replies nothing. Also validates rules from ApiServerSource events.
 *
 * <p>Which deliveries are matched: a new episode ({@code created=true}); and, when {@code
 * aegis.match-rule.match-resolved} is on, a Resolved delivery for an alert on which no rule matched
 * so far ({@code RuleNotFound}), so that rules with {@code status: Resolved} can act on it. An
 * alert that already triggered (or failed to trigger) keeps that outcome: one workflow per episode.
 * Repeated Firing deliveries need no rule and cost no API call.
 *
 * <p>Idempotency key: {@code status.opsStatus.triggerStatus}. An alert that has one is left alone,
 * and every status write re-checks it on the object the write is guarded by (the alert as read for
 * this delivery, or re-read after a conflict), so redelivered or concurrent events change the alert
 * at most once. The write starts from the alert read for matching: one PATCH, no second read. A
 * redelivery before render-submit ran replies the same match again; render-submit's deterministic
 * workflow name makes that harmless.
 */
final class MatchRuleFunction implements CloudEventFunction {
  private static final Logger log = LoggerFactory.getLogger(MatchRuleFunction.class);

  private final KubernetesClient client;
  private final RuleCache rules;
  private final RuleValidation validation;
  private final StatusWriter status;
  private final MatchRuleProperties properties;

  MatchRuleFunction(
      KubernetesClient client,
      RuleCache rules,
      RuleValidation validation,
      StatusWriter status,
      MatchRuleProperties properties) {
    this.client = client;
    this.rules = rules;
    this.validation = validation;
    this.status = status;
    this.properties = properties;
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(EventTypes.ALERT_RECORDED, EventTypes.APISERVER_ADD, EventTypes.APISERVER_UPDATE);
  }

  @Override
  public Optional<Reply> apply(InboundEvent event) {
    switch (event.type()) {
      case EventTypes.ALERT_RECORDED:
        return onRecorded(event.dataAs(AlertRecorded.class));
      case EventTypes.APISERVER_ADD:
      case EventTypes.APISERVER_UPDATE:
        validation.onApiServerEvent(event);
        return Optional.empty();
      default:
        throw new AegisException(
            Reason.UNSUPPORTED_EVENT, "match-rule does not handle events of type " + event.type());
    }
  }

  private Optional<Reply> onRecorded(AlertRecorded event) {
    ResourceRef ref = event.alert();
    if (ref == null || blank(ref.namespace()) || blank(ref.name())) {
      throw AegisException.invalid("alert.recorded event without alert namespace and name");
    }
    boolean resolvedDelivery =
        !event.created() && AlertStatus.parse(event.status()).orElse(null) == AlertStatus.Resolved;
    boolean reevaluate = resolvedDelivery && properties.matchResolved();
    if (!event.created() && !reevaluate) {
      log.debug(
          "alert {} delivered again (count {}): no matching needed", ref.subject(), event.count());
      return Optional.empty();
    }
    Stored<AegisAlert> stored = Reads.stored(status, AegisAlert.class, ref.namespace(), ref.name());
    if (stored == null) {
      log.info("alert {} no longer exists; nothing to match", ref.subject());
      return Optional.empty();
    }
    AegisAlert alert = stored.object();
    String uid = alert.getMetadata().getUid();
    if (ref.uid() != null && !ref.uid().equals(uid)) {
      log.info(
          "alert {} is a newer episode (uid {}, event for {}); skipped",
          ref.subject(),
          uid,
          ref.uid());
      return Optional.empty();
    }
    TriggerStatus before = triggerStatus(alert.getStatus());
    if (!open(before, reevaluate)) {
      log.debug("alert {} already has triggerStatus {}", ref.subject(), before);
      return Optional.empty();
    }
    String type = alert.getSpec() == null ? null : alert.getSpec().type;
    RuleIndex.Selection selection = rules.index().select(type, currentStatus(alert), labels(alert));
    if (!selection.gaveUp().isEmpty()) {
      rules.reportGaveUp(selection.gaveUp());
    }
    ResourceRef alertRef = new ResourceRef(ref.namespace(), ref.name(), uid);
    if (selection.matched().isEmpty()) {
      if (before == TriggerStatus.RuleNotFound && selection.noOp() == TriggerStatus.RuleNotFound) {
        return Optional.empty(); // keep the first verdict, and the no-ops TTL counting from it
      }
      noOp(stored, alertRef, reevaluate, selection.noOp(), null, selection.message());
      return Optional.empty();
    }
    RuleIndex.CompiledRule rule = selection.rule();
    AegisOpsTemplate template;
    String missing = " does not exist";
    try {
      template = readTemplate(rule.template());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw AegisException.apiUnavailable("cannot read template " + rule.template().subject(), e);
      }
      // A template where match-rule may not read is a configuration error, not a transient one.
      template = null;
      missing =
          " cannot be read by match-rule (forbidden): grant it get on aegisopstemplates there";
    }
    if (template == null) {
      noOp(
          stored,
          alertRef,
          reevaluate,
          TriggerStatus.TemplateNotFound,
          rule.ref(),
          "AegisOpsTemplate "
              + rule.template().subject()
              + " named by rule "
              + rule.ref().subject()
              + missing);
      return Optional.empty();
    }
    ResourceRef templateRef =
        new ResourceRef(
            rule.template().namespace(), rule.template().name(), template.getMetadata().getUid());
    matched(stored, alertRef, reevaluate, rule);
    log.info(
        "alert {} ({} {}) matched rule {}, template {}",
        alertRef.subject(),
        type,
        currentStatus(alert),
        rule.ref().subject(),
        templateRef.subject());
    return Optional.of(
        new Reply(
            AlertMatched.TYPE,
            alertRef.subject(),
            new AlertMatched(alertRef, rule.ref(), templateRef)));
  }

  /** Whether an alert with trigger status {@code current} is still to be matched. */
  private static boolean open(TriggerStatus current, boolean reevaluate) {
    return current == null || (reevaluate && current == TriggerStatus.RuleNotFound);
  }

  private void noOp(
      Stored<AegisAlert> held,
      ResourceRef alert,
      boolean reevaluate,
      TriggerStatus outcome,
      ResourceRef rule,
      String message) {
    AtomicBoolean moved = new AtomicBoolean();
    status.update(
        held,
        (AegisAlertStatus s) -> {
          moved.set(false);
          AlertOpsStatus ops = ops(s);
          if (!open(ops.triggerStatus, reevaluate)) {
            return; // a concurrent delivery decided first
          }
          ops.triggerStatus = outcome;
          ops.message = message;
          ops.rule = rule == null ? null : rule.subject();
          // No workflow will run: the no-ops TTL counts from here.
          ops.completionTime = Timestamps.now(status.clock());
          // The trigger outcomes are also the condition reasons
          // (ConditionReasons.RULE_NOT_FOUND...).
          Conditions.set(
              s.conditions,
              ConditionTypes.TRIGGERED,
              Conditions.FALSE,
              outcome.name(),
              message,
              status.clock());
          moved.set(true);
        });
    if (moved.get()) {
      log.info("alert {}: {} ({})", alert.subject(), outcome, message);
    }
  }

  /**
   * Records the chosen rule. On a Resolved re-evaluation it also clears the earlier RuleNotFound
   * (outcome, completion time and condition) so that render-submit, which acts only on undecided
   * alerts, takes it from here.
   */
  private void matched(
      Stored<AegisAlert> held, ResourceRef alert, boolean reevaluate, RuleIndex.CompiledRule rule) {
    String message =
        "matched rule " + rule.ref().subject() + ", template " + rule.template().subject();
    status.update(
        held,
        (AegisAlertStatus s) -> {
          AlertOpsStatus ops = ops(s);
          if (!open(ops.triggerStatus, reevaluate)) {
            return;
          }
          if (ops.triggerStatus != null) {
            ops.triggerStatus = null;
            ops.completionTime = null;
            s.conditions.removeIf(c -> c != null && ConditionTypes.TRIGGERED.equals(c.type));
          }
          ops.rule = rule.ref().subject();
          ops.message = message;
        });
  }

  private AegisOpsTemplate readTemplate(ResourceRef ref) {
    return client
        .resources(AegisOpsTemplate.class)
        .inNamespace(ref.namespace())
        .withName(ref.name())
        .get();
  }

  private static TriggerStatus triggerStatus(AegisAlertStatus s) {
    return s == null || s.opsStatus == null ? null : s.opsStatus.triggerStatus;
  }

  private static AlertOpsStatus ops(AegisAlertStatus s) {
    if (s.opsStatus == null) {
      s.opsStatus = new AlertOpsStatus();
    }
    return s.opsStatus;
  }

  /** Firing or Resolved as last reported ({@code status.status}), else as first reported. */
  private static AlertStatus currentStatus(AegisAlert alert) {
    if (alert.getStatus() != null && alert.getStatus().status != null) {
      return alert.getStatus().status;
    }
    return alert.getSpec() == null ? null : alert.getSpec().status;
  }

  /** The alert's labels: {@code spec.selector.matchLabels} overlaid with the metadata labels. */
  private static Map<String, String> labels(AegisAlert alert) {
    Map<String, String> labels = new HashMap<>();
    if (alert.getSpec() != null
        && alert.getSpec().selector != null
        && alert.getSpec().selector.getMatchLabels() != null) {
      labels.putAll(alert.getSpec().selector.getMatchLabels());
    }
    if (alert.getMetadata().getLabels() != null) {
      labels.putAll(alert.getMetadata().getLabels());
    }
    return labels;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
