package io.aegis.matchrule;

import io.aegis.kernel.cloudevents.ApiServerEvents;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleStatus;
import io.aegis.kernel.crd.AlertCondition;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Reads;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 *
 * <p>A valid rule whose type regex gave up on some alert type (see {@link RegexGuard}) also carries
 * a {@code Degraded} condition with the warning, repeated in {@code status.message}; it is derived
 * from no spec field, so it is kept while the rule still has that regex and dropped once it does
 * not ({@link #currentWarning}).
 */
final class RuleValidation {
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
    if (!ApiServerEvents.isAbout(event, AegisAlertOpsRule.class)) {
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
    AegisAlertOpsRule current = Reads.get(client, AegisAlertOpsRule.class, ns, name);
    if (current == null) {
      log.info("rule {}/{} is gone; nothing to record", ns, name);
      return;
    }
    record(current, RuleIndex.verdict(current));
  }

  /** True when the rule's status already says what {@code verdict} says. */
  static boolean upToDate(AegisAlertOpsRule rule, RuleIndex.Verdict verdict) {
    AegisAlertOpsRuleStatus s = rule.getStatus();
    if (s == null) {
      return false;
    }
    String warning = verdict.valid() ? currentWarning(rule, s) : null;
    return Objects.equals(s.status, verdict.valid() ? RECORDED : INVALID)
        && Objects.equals(s.message, verdict.valid() ? warning : verdict.problem())
        && Conditions.find(s.conditions, ConditionTypes.DEGRADED).isPresent() == (warning != null);
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
          apply(rule, verdict, s);
          changed.set(!before.equals(s.status + "|" + s.message));
        });
    if (changed.get() && verdict.valid()) {
      log.info("rule {}/{} recorded", ns, name);
    } else if (changed.get()) {
      log.warn("rule {}/{} is invalid and skipped: {}", ns, name, verdict.problem());
    }
  }

  /**
   * Records on a rule that its type regex gave up on an alert type: condition {@code Degraded}
   * (reason {@code RegexGaveUp}) and the same warning in {@code status.message}; {@code status}
   * stays {@code Recorded}, since the rule still matches other types. The first warning stays until
   * the rule no longer has the regex it is about. Nothing is written when the rule changed since
   * (another uid, invalid now, or without that regex).
   */
  void recordGaveUp(RuleIndex.GaveUp gaveUp) {
    ResourceRef ref = gaveUp.rule().ref();
    AegisAlertOpsRule current =
        Reads.get(client, AegisAlertOpsRule.class, ref.namespace(), ref.name());
    if (current == null
        || (ref.uid() != null && !ref.uid().equals(current.getMetadata().getUid()))) {
      return;
    }
    RuleIndex.Verdict verdict = RuleIndex.verdict(current);
    if (!verdict.valid() || !hasType(current, gaveUp.pattern())) {
      return;
    }
    String warning = warning(gaveUp);
    status.update(
        AegisAlertOpsRule.class,
        ref.namespace(),
        ref.name(),
        (AegisAlertOpsRuleStatus s) -> {
          if (currentWarning(current, s) == null) {
            Conditions.set(
                s.conditions,
                ConditionTypes.DEGRADED,
                Conditions.TRUE,
                ConditionReasons.REGEX_GAVE_UP,
                warning,
                status.clock());
          }
          apply(current, verdict, s);
        });
  }

  /** The warning recorded when a type regex gave up; it starts with {@link #about}. */
  static String warning(RuleIndex.GaveUp gaveUp) {
    String type = gaveUp.alertType();
    if (type.length() > 80) {
      type = type.substring(0, 80) + "...";
    }
    return about(gaveUp.pattern())
        + "gave up on alert type \""
        + type
        + "\" "
        + gaveUp.why()
        + " and counted as not matching (the rule still matches other types); rewrite it so that"
        + " it cannot backtrack this much: no repetition of a repetition such as (.*a){20} and no"
        + " adjacent repetitions of the same characters such as \\w*\\w*";
  }

  /** How a warning about {@code pattern} starts. */
  private static String about(String pattern) {
    return "type regex \"" + pattern + "\" ";
  }

  /**
   * The rule's {@code Degraded} warning when it is about a type the rule still has; null when there
   * is none or it is stale (the rule was changed since).
   */
  static String currentWarning(AegisAlertOpsRule rule, AegisAlertOpsRuleStatus s) {
    String message =
        Conditions.find(s.conditions, ConditionTypes.DEGRADED).map(c -> c.message).orElse(null);
    if (message == null || rule.getSpec() == null || rule.getSpec().alertConditions == null) {
      return null;
    }
    for (AlertCondition c : rule.getSpec().alertConditions) {
      if (c != null && c.type != null && message.startsWith(about(c.type))) {
        return message;
      }
    }
    return null;
  }

  private static boolean hasType(AegisAlertOpsRule rule, String type) {
    return rule.getSpec() != null
        && rule.getSpec().alertConditions != null
        && rule.getSpec().alertConditions.stream().anyMatch(c -> c != null && type.equals(c.type));
  }

  /** Sets status, message and conditions from the verdict, keeping a current warning. */
  private void apply(AegisAlertOpsRule rule, RuleIndex.Verdict verdict, AegisAlertOpsRuleStatus s) {
    String warning = verdict.valid() ? currentWarning(rule, s) : null;
    if (warning == null) {
      s.conditions.removeIf(c -> c != null && ConditionTypes.DEGRADED.equals(c.type));
    }
    s.status = verdict.valid() ? RECORDED : INVALID;
    s.message = verdict.valid() ? warning : verdict.problem();
    Conditions.set(
        s.conditions,
        ConditionTypes.VALID,
        verdict.valid() ? Conditions.TRUE : Conditions.FALSE,
        verdict.valid() ? RECORDED : INVALID,
        verdict.valid() ? "rule is valid and used for matching" : verdict.problem(),
        status.clock());
  }
}
