package io.aegis.matchrule;

import static io.aegis.kernel.config.PropertyChecks.required;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of match-rule, under {@code aegis.match-rule}.
 *
 * @param namespaces namespaces whose AegisAlertOpsRules are read; empty means all namespaces (the
 *     function's ServiceAccount then needs a ClusterRole to list and watch them)
 * @param cache how rules are loaded: {@code INFORMER} keeps them in an informer cache started on
 *     the first alert; {@code PER_CALL} lists them from the API for every alert
 * @param syncTimeout how long the first alert waits for the informer's initial list before failing
 *     with 503 (the broker retries)
 * @param matchResolved whether a Resolved delivery re-evaluates an alert on which no rule matched
 *     (RuleNotFound) against rules with {@code status: Resolved}
 */
@ConfigurationProperties("aegis.match-rule")
public record MatchRuleProperties(
    @DefaultValue List<String> namespaces,
    @DefaultValue("INFORMER") CacheMode cache,
    @DefaultValue("30s") Duration syncTimeout,
    @DefaultValue("true") boolean matchResolved) {

  public MatchRuleProperties {
    required("aegis.match-rule.cache", cache);
    required("aegis.match-rule.sync-timeout", syncTimeout);
    namespaces =
        namespaces == null ? List.of() : namespaces.stream().filter(n -> !n.isBlank()).toList();
  }

  /** Defaults, as bound from an empty configuration. */
  static MatchRuleProperties defaults() {
    return new MatchRuleProperties(List.of(), CacheMode.INFORMER, Duration.ofSeconds(30), true);
  }

  /** How rules are loaded. */
  public enum CacheMode {
    /** Informer cache over the rules, started lazily on the first alert (not at startup). */
    INFORMER,
    /** A fresh LIST of the rules for every alert. */
    PER_CALL
  }
}
