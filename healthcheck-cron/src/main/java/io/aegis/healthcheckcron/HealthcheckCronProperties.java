package io.aegis.healthcheckcron;

import static io.aegis.kernel.config.PropertyChecks.atLeast;
import static io.aegis.kernel.config.PropertyChecks.notBlank;
import static io.aegis.kernel.config.PropertyChecks.required;

import io.aegis.kernel.events.EventTypes;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of healthcheck-cron, under {@code aegis.*} (environment variables {@code AEGIS_...} of
 * the {@code aegis-config} ConfigMap). Binding fails at startup when a value is invalid.
 *
 * @param alert where health checks live and where finding alerts are recorded
 * @param healthcheck the health-check knobs
 * @param systemParameters annotations put on every AegisAlert recorded from a finding (the same
 *     {@code AEGIS_SYSTEMPARAMETERS_<NAME>} parameters parse-alert uses, e.g. {@code cluster})
 */
@ConfigurationProperties("aegis")
public record HealthcheckCronProperties(
    @DefaultValue Alert alert,
    @DefaultValue Healthcheck healthcheck,
    @DefaultValue Map<String, String> systemParameters) {

  public HealthcheckCronProperties {
    required("aegis.alert", alert);
    required("aegis.healthcheck", healthcheck);
    systemParameters = systemParameters == null ? Map.of() : Map.copyOf(systemParameters);
  }

  /**
   * @param namespace the alert namespace ({@code AEGIS_ALERT_NAMESPACE}): health checks, their pods
   *     and rule ConfigMaps live here, and finding alerts are created here
   */
  public record Alert(@DefaultValue("monitoring") String namespace) {
    public Alert {
      notBlank("aegis.alert.namespace", namespace);
    }
  }

  /**
   * @param pingSource name of the PingSource whose ticks drive the schedules; pings from other
   *     sources are acknowledged and ignored
   * @param nodeEvents emit a Warning Event on the Node for each failing item ({@code
   *     AEGIS_HEALTHCHECK_NODE_EVENTS})
   * @param createAlerts record an AegisAlert of source HealthCheck for each failing item, so rules
   *     can act on it ({@code AEGIS_HEALTHCHECK_CREATE_ALERTS})
   * @param keepLastRun keep the node checks (and pods, with their logs) of a cluster check's last
   *     run until its next run starts; false deletes them as soon as the run is over
   * @param timeZone zone the cron schedules are read in (IANA name)
   * @param nodeCheckTimeout a node check created by hand (not by a cluster check, whose {@code
   *     spec.timeout} applies) that has not finished this long after it started fails
   * @param logTailLines lines read from the end of a check pod's log to find the results
   */
  public record Healthcheck(
      @DefaultValue(EventTypes.HEALTHCHECK_PING_SOURCE) String pingSource,
      @DefaultValue("false") boolean nodeEvents,
      @DefaultValue("false") boolean createAlerts,
      @DefaultValue("true") boolean keepLastRun,
      @DefaultValue("UTC") String timeZone,
      @DefaultValue("1h") Duration nodeCheckTimeout,
      @DefaultValue("5000") int logTailLines) {

    public Healthcheck {
      notBlank("aegis.healthcheck.ping-source", pingSource);
      notBlank("aegis.healthcheck.time-zone", timeZone);
      try {
        ZoneId.of(timeZone.trim());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "aegis.healthcheck.time-zone: unknown time zone '" + timeZone + "'", e);
      }
      if (required("aegis.healthcheck.node-check-timeout", nodeCheckTimeout).isZero()
          || nodeCheckTimeout.isNegative()) {
        throw new IllegalArgumentException("aegis.healthcheck.node-check-timeout must be positive");
      }
      atLeast("aegis.healthcheck.log-tail-lines", logTailLines, 1);
    }

    ZoneId zone() {
      return ZoneId.of(timeZone.trim());
    }
  }

  /** The defaults, for tests that do not go through Spring's binder. */
  static HealthcheckCronProperties defaults() {
    return new HealthcheckCronProperties(
        new Alert("monitoring"),
        new Healthcheck(
            EventTypes.HEALTHCHECK_PING_SOURCE,
            false,
            false,
            true,
            "UTC",
            Duration.ofHours(1),
            5000),
        Map.of());
  }
}
