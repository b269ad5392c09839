package io.aegis.parsealert;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * parse-alert's logic, free of HTTP: parse a body in one of the three formats, record every alert,
 * announce what match-rule must hear about ({@code io.aegis.alert.recorded.v1}). Serves the
 * CloudEvent edge ({@code POST /}) as the module's one {@link CloudEventFunction} and the webhooks
 * through {@link #deliver}.
 *
 * <p>Events: one per episode created and one per episode resolved. A repeat of an episode still
 * waiting for match-rule re-announces it, so that a retry after a failed publish is useful — but at
 * most once per {@code aegis.alert.reannounce-interval} per episode in this process ({@link
 * Reannouncements}; a failed publish and a broker redelivery are not held back). Pure repeats of an
 * episode match-rule has seen emit nothing: they change only the count, which no rule looks at.
 */
@Component(ParseAlertFunction.NAME)
class ParseAlertFunction implements CloudEventFunction {
  static final String NAME = "parseAlert";

  private static final Logger log = LoggerFactory.getLogger(ParseAlertFunction.class);

  /** The three input formats. */
  enum Format {
    CUSTOM,
    ALERTMANAGER,
    TEXT
  }

  private final AlertRecorder recorder;
  private final AiAlertParser aiParser;
  private final EventPublisher publisher;
  private final Reannouncements reannouncements;

  ParseAlertFunction(
      AlertRecorder recorder,
      AiAlertParser aiParser,
      EventPublisher publisher,
      ParseAlertProperties properties) {
    this.recorder = recorder;
    this.aiParser = aiParser;
    this.publisher = publisher;
    this.reannouncements =
        new Reannouncements(properties.alert().reannounceInterval(), System::nanoTime);
  }

  @Override
  public Set<String> acceptedTypes() {
    return Set.of(EventTypes.ALERT_CUSTOM, EventTypes.ALERT_ALERTMANAGER, EventTypes.ALERT_TEXT);
  }

  /**
   * A CloudEvent from the broker: exactly one resulting event is the reply; several are published
   * to K_SINK and the reply is empty.
   */
  @Override
  public Optional<Reply> apply(InboundEvent event) {
    Format format =
        switch (event.type()) {
          case EventTypes.ALERT_CUSTOM -> Format.CUSTOM;
          case EventTypes.ALERT_ALERTMANAGER -> Format.ALERTMANAGER;
          case EventTypes.ALERT_TEXT -> Format.TEXT;
          default ->
              throw new AegisException(
                  Reason.UNSUPPORTED_EVENT, "parse-alert does not handle " + event.type());
        };
    // Text is parsed by the LLM, and says so: source AI, as on the webhook.
    AlertSource source = format == Format.TEXT ? AlertSource.AI : AlertSource.CloudEvent;
    byte[] data = event.data() == null ? new byte[0] : event.data();
    // The broker redelivers with the same source and id: count such a delivery once (A33).
    Outcome outcome = ingest(format, data, source, event.source() + "|" + event.id());
    if (outcome.isClean() && outcome.events().size() == 1) {
      return Optional.of(outcome.events().get(0));
    }
    publishAll(outcome.events());
    outcome.throwIfFailed();
    return Optional.empty();
  }

  /**
   * A webhook call: records, publishes every resulting event to K_SINK, and throws when anything
   * was invalid (4xx) or could not be recorded or published (5xx).
   */
  void deliver(Format format, byte[] body) {
    AlertSource source =
        switch (format) {
          case CUSTOM -> AlertSource.Default;
          case ALERTMANAGER -> AlertSource.Alertmanager;
          case TEXT -> AlertSource.AI;
        };
    Outcome outcome = ingest(format, body, source, null);
    publishAll(outcome.events());
    outcome.throwIfFailed();
  }

  /**
   * Parses and records every alert of a body. {@code deliveryId} identifies a CloudEvent delivery
   * (null for webhooks, which carry no id): the recorder counts each (delivery, alert) once.
   */
  private Outcome ingest(Format format, byte[] body, AlertSource source, String deliveryId) {
    List<Alert> alerts;
    List<String> problems = new ArrayList<>();
    switch (format) {
      case CUSTOM -> alerts = List.of(AlertParser.custom(Json.tree(body, "the alert"), source));
      case ALERTMANAGER -> {
        AlertParser.Batch batch =
            AlertParser.alertmanager(Json.tree(body, "the Alertmanager payload"), source);
        alerts = batch.alerts();
        problems.addAll(batch.problems());
      }
      case TEXT -> alerts = aiParser.parse(body, source);
      default -> throw new IllegalStateException(format.name());
    }
    List<Reply> events = new ArrayList<>();
    AegisException failure = null;
    for (int i = 0; i < alerts.size(); i++) {
      Alert alert = alerts.get(i);
      String delivery = deliveryId == null ? null : deliveryId + "#" + i;
      try {
        for (AlertRecorder.Recorded recorded : recorder.record(alert, delivery)) {
          if (recorded.announce() && due(recorded)) {
            events.add(event(recorded));
          }
        }
      } catch (AegisException e) {
        if (!e.reason().isTransient()) {
          problems.add(alert.type() + " " + alert.name() + ": " + e.getMessage());
        } else if (failure == null) {
          failure = e;
        }
      }
    }
    return new Outcome(events, problems, failure);
  }

  /**
   * Whether an announcement goes out now: a new episode's, a resolve's and a broker redelivery's
   * always; a repeat's (an episode match-rule has not picked up yet) once per interval.
   */
  private boolean due(AlertRecorder.Recorded recorded) {
    String episode = recorded.episode().uid();
    if (!recorded.repeat() || recorded.redelivery()) {
      reannouncements.announced(episode);
      return true;
    }
    return reannouncements.claim(episode);
  }

  private void publishAll(List<Reply> events) {
    for (int i = 0; i < events.size(); i++) {
      try {
        publisher.publish(eventId(events.get(i)), events.get(i));
      } catch (RuntimeException e) {
        // Not announced after all: the sender's retry must not be held back by the interval.
        for (Reply unpublished : events.subList(i, events.size())) {
          reannouncements.release(((AlertRecorded) unpublished.data()).alert().uid());
        }
        throw e;
      }
    }
  }

  /** Deterministic, so a re-announcement carries the id of the first announcement. */
  private static String eventId(Reply event) {
    AlertRecorded data = (AlertRecorded) event.data();
    return data.alert().uid()
        + (data.created() ? ".created" : "." + data.status().toLowerCase(Locale.ROOT));
  }

  private static Reply event(AlertRecorder.Recorded recorded) {
    AegisAlert alert = recorded.alert();
    ResourceRef ref =
        new ResourceRef(
            alert.getMetadata().getNamespace(),
            alert.getMetadata().getName(),
            alert.getMetadata().getUid());
    AlertStatus status =
        alert.getStatus() == null || alert.getStatus().status == null
            ? AlertStatus.Firing
            : alert.getStatus().status;
    int count =
        alert.getStatus() == null || alert.getStatus().count == null ? 0 : alert.getStatus().count;
    AlertRecorded data =
        new AlertRecorded(
            ref,
            alert.getSpec().type,
            status.name(),
            alert.getSpec().fingerprint,
            count,
            status == AlertStatus.Firing);
    log.debug("announcing {} {} created={}", ref.subject(), status, data.created());
    return new Reply(AlertRecorded.TYPE, ref.subject(), data);
  }

  /** What one request achieved: events to send, invalid items, and the first transient failure. */
  private record Outcome(List<Reply> events, List<String> problems, AegisException failure) {
    boolean isClean() {
      return problems.isEmpty() && failure == null;
    }

    /** Transient failures win: the sender must retry, which also re-reports invalid items. */
    void throwIfFailed() {
      if (failure != null) {
        throw failure;
      }
      if (!problems.isEmpty()) {
        throw AegisException.invalid(String.join("; ", problems));
      }
    }
  }
}
