package io.aegis.trackstatus;

import static io.aegis.kernel.config.PropertyChecks.atLeast;
import static io.aegis.kernel.config.PropertyChecks.notBlank;
import static io.aegis.kernel.config.PropertyChecks.required;

import io.aegis.kernel.events.EventTypes;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of track-status. The names are those of the shared {@code aegis-config} ConfigMap
 * (docs/operations.md), so its environment variables bind directly: {@code AEGIS_ALERT_NAMESPACE},
 * {@code AEGIS_ALERT_TTL_SECONDS_AFTER_SUCCESS} / {@code _FAILURE} / {@code _NO_OPS}, {@code
 * AEGIS_RECONCILE_STUCK_AFTER}. Binding fails at startup when a value is invalid.
 *
 * @param alertNamespace the namespace where alerts, rules, templates, diagnoses and workflows live;
 *     the reconcile sweeps read it (track-status' Role is scoped to it)
 * @param alertTtl how long a finished alert is kept when its {@code spec.ttlStrategy} is empty
 * @param reconcile the reconcile sweeps
 */
@ConfigurationProperties("aegis")
public record TrackStatusProperties(
    @DefaultValue("monitoring") String alertNamespace,
    @DefaultValue AlertTtl alertTtl,
    @DefaultValue Reconcile reconcile) {

  public TrackStatusProperties {
    notBlank("aegis.alert-namespace", alertNamespace);
    required("aegis.alert-ttl", alertTtl);
    required("aegis.reconcile", reconcile);
  }

  /**
   * Default TTLs of finished alerts, in seconds counted from {@code opsStatus.completionTime}.
   *
   * @param secondsAfterSuccess after the workflow succeeded (1 day)
   * @param secondsAfterFailure after the workflow failed or vanished (3 days)
   * @param secondsAfterNoOps when no workflow was started: RuleNotFound, TemplateInvalid, ... (1
   *     day)
   */
  public record AlertTtl(
      @DefaultValue("86400") long secondsAfterSuccess,
      @DefaultValue("259200") long secondsAfterFailure,
      @DefaultValue("86400") long secondsAfterNoOps) {
    public AlertTtl {
      atLeast("aegis.alert-ttl.seconds-after-success", secondsAfterSuccess, 0);
      atLeast("aegis.alert-ttl.seconds-after-failure", secondsAfterFailure, 0);
      atLeast("aegis.alert-ttl.seconds-after-no-ops", secondsAfterNoOps, 0);
    }
  }

  /**
   * The sweeps run on each tick of the reconcile PingSource.
   *
   * @param pingSource name of the PingSource whose ticks run the sweeps; pings from any other
   *     source are acknowledged and ignored
   * @param stuckAfter an alert without {@code opsStatus.triggerStatus} this long after creation is
   *     re-driven (its {@code io.aegis.alert.recorded.v1} is published again)
   * @param maxItemsPerSweep upper bound of objects each sweep acts on per tick (the rest waits for
   *     the next tick), so one tick stays well inside the Service's request timeout
   * @param listPageSize page size of the sweeps' list calls
   */
  public record Reconcile(
      @DefaultValue(EventTypes.RECONCILE_PING_SOURCE) String pingSource,
      @DefaultValue("60s") Duration stuckAfter,
      @DefaultValue("100") int maxItemsPerSweep,
      @DefaultValue("500") int listPageSize) {
    public Reconcile {
      notBlank("aegis.reconcile.ping-source", pingSource);
      required("aegis.reconcile.stuck-after", stuckAfter);
      atLeast("aegis.reconcile.max-items-per-sweep", maxItemsPerSweep, 1);
      atLeast("aegis.reconcile.list-page-size", listPageSize, 1);
    }
  }

  /** The defaults, for tests and tools that do not go through Spring's binder. */
  public static TrackStatusProperties defaults() {
    return new TrackStatusProperties(
        "monitoring",
        new AlertTtl(86_400, 259_200, 86_400),
        new Reconcile(EventTypes.RECONCILE_PING_SOURCE, Duration.ofSeconds(60), 100, 500));
  }
}
