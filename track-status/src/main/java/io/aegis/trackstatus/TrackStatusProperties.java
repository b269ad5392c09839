package io.aegis.trackstatus;

import io.aegis.kernel.events.EventTypes;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of track-status ({@code aegis.track-status.*}). Every knob has a default; binding
 * fails at startup when a value is invalid.
 *
 * @param reconcilePingSource name of the PingSource whose ticks run the reconcile sweeps; pings
 *     from any other source are acknowledged and ignored
 * @param stuckAfter an alert without {@code opsStatus.triggerStatus} this long after creation is
 *     re-driven (its {@code io.aegis.alert.recorded.v1} is published again)
 * @param successTtl how long a Succeeded alert is kept when its {@code spec.ttlStrategy} says
 *     nothing
 * @param failureTtl how long a Failed alert is kept when its {@code spec.ttlStrategy} says nothing
 * @param noOpsTtl how long an alert that started no workflow (RuleNotFound, ...) is kept by default
 * @param namespaces namespaces swept on reconcile; empty means every namespace the function may
 *     read
 * @param maxItemsPerSweep upper bound of objects each sweep acts on per tick (the rest waits for
 *     the next tick), so one tick never takes longer than the broker's delivery timeout
 * @param listPageSize page size of the list calls the sweeps make
 */
@Validated
@ConfigurationProperties("aegis.track-status")
public record TrackStatusProperties(
    @DefaultValue(EventTypes.RECONCILE_PING_SOURCE) @NotBlank String reconcilePingSource,
    @DefaultValue("60s") @NotNull Duration stuckAfter,
    @DefaultValue("1d") @NotNull Duration successTtl,
    @DefaultValue("3d") @NotNull Duration failureTtl,
    @DefaultValue("1d") @NotNull Duration noOpsTtl,
    @DefaultValue List<String> namespaces,
    @DefaultValue("100") @Positive int maxItemsPerSweep,
    @DefaultValue("500") @Positive int listPageSize) {

  /** The defaults, for tests and tools that do not go through Spring's binder. */
  public static TrackStatusProperties defaults() {
    return new TrackStatusProperties(
        EventTypes.RECONCILE_PING_SOURCE,
        Duration.ofSeconds(60),
        Duration.ofDays(1),
        Duration.ofDays(3),
        Duration.ofDays(1),
        List.of(),
        100,
        500);
  }

  public TrackStatusProperties {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
  }
}
