package io.aegis.matchrule;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.Aegis;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on each AegisAlertOpsRule whether it is usable: {@code status.status} {@code Recorded},
 * or {@code Invalid} with the problem in {@code status.message}, plus a {@code Valid} condition,
 * through the kernel's StatusWriter (no write when unchanged). Fed by ApiServerSource events for
 * rules (Resource mode) and by the rule cache for rules that existed before the source started (it
 * sends nothing for those).
 */
final class RuleValidation {
  static final String RULE_KIND = "AegisAlertOpsRule";

  /** {@code status.status} values; the same words are the reasons of the Valid condition. */
  static final String RECORDED = ConditionReasons.RECORDED;

  static final String INVALID = ConditionReasons.INVALID;

  private static final Logger log = LoggerFactory.getLogger(RuleValidation.class);

  private final KubernetesClient client;
  private final StatusWriter status;

  RuleValidation(KubernetesClient client, StatusWriter status) {
    this.client = client;
    this.status = status;
  }

  /**
   * Handles a {@code dev.knative.apiserver.resource.add/update} event. Objects of other kinds are
   * not for match-rule and are ignored (2xx, so the broker does not retry them).
   */
  void onApiServerEvent(InboundEvent event) {
    if (!event.isAbout(Aegis.API_VERSION, RULE_KIND)) {
      log.debug(
          "ignoring {} for {} {}",
          event.type(),
          event.extension("apiversion"),
          event.extension("kind"));
      return;
    }
    AegisAlertOpsRule seen = event.dataAs(AegisAlertOpsRule.class);
    if (seen.getMetadata() == null || seen.getMetadata().getName() == null) {
      throw AegisException.invalid("event " + event.id() + " carries a rule without a name");
    }
    if (upToDate(seen, RuleIndex.verdict(seen))) {
      return; // our own status write comes back as an update event: nothing to do
    }
    // The event may be older than the object: judge the rule as it is now.
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    AegisAlertOpsRule current;
    try {
      current = client.resources(AegisAlertOpsRule.class).inNamespace(ns).withName(name).get();
    } catch (KubernetesClientException e) {
      throw AegisException.apiUnavailable("cannot read rule " + ns + "/" + name, e);
    }
    if (current == null) {
      log.info("rule {}/{} is gone; nothing to record", ns, name);
      return;
    }
    record(current, RuleIndex.verdict(current));
  }

  /** True when the rule's status already says what {@code verdict} says. */
  static boolean upToDate(AegisAlertOpsRule rule, RuleIndex.Verdict verdict) {
    AegisAlertOpsRuleStatus s = rule.getStatus();
    return s != null
        && Objects.equals(s.status, verdict.valid() ? RECORDED : INVALID)
        && Objects.equals(s.message, verdict.problem());
  }

  /** Writes the verdict onto the rule's status (no write when unchanged). */
  void record(AegisAlertOpsRule rule, RuleIndex.Verdict verdict) {
    String ns = rule.getMetadata().getNamespace();
    String name = rule.getMetadata().getName();
    AtomicBoolean changed = new AtomicBoolean();
    status.update(
        AegisAlertOpsRule.class,
        ns,
        name,
        (AegisAlertOpsRuleStatus s) -> {
          String before = s.status + "|" + s.message;
          s.status = verdict.valid() ? RECORDED : INVALID;
          s.message = verdict.problem();
          changed.set(!before.equals(s.status + "|" + s.message));
          Conditions.set(
              s.conditions,
              ConditionTypes.VALID,
              verdict.valid() ? Conditions.TRUE : Conditions.FALSE,
              verdict.valid() ? RECORDED : INVALID,
              verdict.valid() ? "rule is valid and used for matching" : verdict.problem(),
              status.clock());
        });
    if (changed.get() && verdict.valid()) {
      log.info("rule {}/{} recorded", ns, name);
    } else if (changed.get()) {
      log.warn("rule {}/{} is invalid and skipped: {}", ns, name, verdict.problem());
    }
  }
}
