package io.aegis.local;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Knative PingSources, locally: each fires on its {@code schedule} (5-field cron, or 6 with leading
 * seconds; in {@code timezone}) a {@code dev.knative.sources.ping} event with {@code source} {@code
 * /apis/v1/namespaces/<ns>/pingsources/<name>}, {@code datacontenttype} = {@code contentType} and
 * the given {@code data} (or decoded {@code dataBase64}). A fixed interval may replace every
 * schedule, and {@link #tick} fires one now (tests, impatient humans).
 */
public final class PingScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PingScheduler.class);

  private final Map<String, PingSource> sources = new LinkedHashMap<>();
  private final Map<String, Consumer<CloudEvent>> sinks = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Daemons.factory("ping"));
  private final Duration interval;

  /**
   * @param interval replaces every schedule when not null
   */
  PingScheduler(Duration interval) {
    this.interval = interval;
  }

  /** Schedules {@code source}; its events go to {@code sink}. */
  void start(PingSource source, Consumer<CloudEvent> sink) {
    String name = source.getMetadata().getName();
    CronExpression cron = cron(source);
    sources.put(name, source);
    sinks.put(name, sink);
    if (interval != null) {
      scheduler.scheduleAtFixedRate(
          () -> fire(name), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      scheduleNext(name, cron, zone(source.getSpec()));
    }
  }

  /** Fires PingSource {@code name} now; returns the event. */
  public CloudEvent tick(String name) {
    if (!sources.containsKey(name)) {
      throw new IllegalArgumentException(
          "no PingSource " + name + "; there are " + sources.keySet());
    }
    return fire(name);
  }

  private void scheduleNext(String name, CronExpression cron, ZoneId zone) {
    ZonedDateTime now = ZonedDateTime.now(zone);
    ZonedDateTime next = cron.next(now);
    long delay = Duration.between(now, next).toMillis();
    scheduler.schedule(
        () -> {
          fire(name);
          scheduleNext(name, cron, zone);
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private CloudEvent fire(String name) {
    PingSource source = sources.get(name);
    PingSourceSpec spec = source.getSpec();
    CloudEventBuilder event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withType("dev.knative.sources.ping")
            .withSource(URI.create(sourceOf(source)))
            .withTime(OffsetDateTime.now());
    if (spec.getCeOverrides() != null && spec.getCeOverrides().getExtensions() != null) {
      spec.getCeOverrides().getExtensions().forEach(event::withExtension);
    }
    byte[] data =
        spec.getDataBase64() != null
            ? Base64.getDecoder().decode(spec.getDataBase64())
            : spec.getData() == null ? null : spec.getData().getBytes(StandardCharsets.UTF_8);
    if (data != null) {
      event.withData(spec.getContentType(), data);
    } else if (spec.getContentType() != null) {
      event.withDataContentType(spec.getContentType());
    }
    CloudEvent ping = event.build();
    try {
      sinks.get(name).accept(ping);
    } catch (RuntimeException e) {
      log.warn("PingSource {}: event lost: {}", name, e.getMessage());
    }
    return ping;
  }

  static String sourceOf(PingSource source) {
    return "/apis/v1/namespaces/"
        + source.getMetadata().getNamespace()
        + "/pingsources/"
        + source.getMetadata().getName();
  }

  /** The schedule as a Spring cron expression (which wants seconds first). */
  static CronExpression cron(PingSource source) {
    String schedule =
        source.getSpec().getSchedule() == null
            ? "* * * * *"
            : source.getSpec().getSchedule().strip();
    if (schedule.startsWith("@every")) {
      throw new IllegalArgumentException(
          "PingSource " + source.getMetadata().getName() + ": @every is not a valid schedule");
    }
    int fields = schedule.startsWith("@") ? 0 : schedule.split("\\s+").length;
    try {
      return CronExpression.parse(fields == 5 ? "0 " + schedule : schedule);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "PingSource "
              + source.getMetadata().getName()
              + ": invalid schedule '"
              + schedule
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private static ZoneId zone(PingSourceSpec spec) {
    return spec.getTimezone() == null || spec.getTimezone().isBlank()
        ? ZoneId.systemDefault()
        : ZoneId.of(spec.getTimezone());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
