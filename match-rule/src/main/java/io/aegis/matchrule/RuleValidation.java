package io.aegis.matchrule;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.Aegis;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.error.AegisException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on each AegisAlertOpsRule whether it is usable: {@code status.status} {@code Recorded},
 * or {@code Invalid} with the problem in {@code status.message}, plus a {@code Valid} condition.
 * Fed by ApiServerSource events for rules (Resource mode) and by the rule cache for rules that
 * existed before the source started (it sends nothing for those).
 */
final class RuleValidation {
  static final String RULE_KIND = "AegisAlertOpsRule";
  static final String RECORDED = "Recorded";
  static final String INVALID = "Invalid";
  static final String CONDITION_VALID = "Valid";

  private static final Logger log = LoggerFactory.getLogger(RuleValidation.class);

  private final KubernetesClient client;
  private final StatusWriterInterim status;
  private final Clock clock;

  RuleValidation(KubernetesClient client, StatusWriterInterim status, Clock clock) {
    this.client = client;
    this.status = status;
    this.clock = clock;
  }

  /**
   * Handles a {@code dev.knative.apiserver.resource.add/update} event. Objects of other kinds are
   * not for match-rule and are ignored (2xx, so the broker does not retry them).
   */
  void onApiServerEvent(InboundEvent event) {
    String kind = event.extension("kind");
    String apiVersion = event.extension("apiversion");
    if (!RULE_KIND.equals(kind) || (apiVersion != null && !Aegis.API_VERSION.equals(apiVersion))) {
      log.debug("ignoring {} for {} {}", event.type(), apiVersion, kind);
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
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    boolean written =
        status.update(
            AegisAlertOpsRule.class,
            ns,
            name,
            (AegisAlertOpsRuleStatus s) -> {
              s.status = verdict.valid() ? RECORDED : INVALID;
              s.message = verdict.problem();
              StatusWriterInterim.setCondition(
                  s.conditions,
                  new Condition(
                      CONDITION_VALID,
                      verdict.valid() ? "True" : "False",
                      verdict.valid() ? RECORDED : INVALID,
                      verdict.valid() ? "rule is valid and used for matching" : verdict.problem(),
                      now));
            });
    if (written && verdict.valid()) {
      log.info("rule {}/{} recorded", ns, name);
    } else if (written) {
      log.warn("rule {}/{} is invalid and skipped: {}", ns, name, verdict.problem());
    }
  }
}
