package io.aegis.kernel.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.config.KernelProperties;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.RecordingSink;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KSinkPublisherTest {
  private static final String SOURCE = "/aegis/test-fn";
  private static final Reply EVENT =
      new Reply("io.aegis.alert.recorded.v1", "default/my-alert", Map.of("created", true));

  private final RecordingSink sink = RecordingSink.start();

  @AfterEach
  void stopSink() {
    sink.close();
  }

  @Test
  void publishesABinaryModeCloudEventWithOwnSourceAndTheCeOverrideExtensions() {
    KSinkPublisher publisher =
        new KSinkPublisher(
            sinkConfig(sink.uri(), "{\"extensions\":{\"cluster\":\"prod-a\",\"hops\":3}}"), SOURCE);

    publisher.publish("evt-1", EVENT);

    RecordingSink.Received request = sink.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(request.method()).isEqualTo("POST");
    InboundEvent event = request.event();
    assertThat(event).as(request.parseError()).isNotNull();
    assertThat(event.id()).isEqualTo("evt-1");
    assertThat(event.type()).isEqualTo("io.aegis.alert.recorded.v1");
    assertThat(event.source()).isEqualTo(SOURCE);
    assertThat(event.subject()).isEqualTo("default/my-alert");
    assertThat(event.dataContentType()).isEqualTo("application/json");
    assertThat(event.extensions()).isEqualTo(Map.of("cluster", "prod-a", "hops", "3"));
    assertThat(Json.tree(event.data(), "data").path("created").asBoolean()).isTrue();
    // Binary mode: the attributes travel as headers, not as a structured JSON envelope.
    assertThat(request.headers().keySet().stream().map(String::toLowerCase))
        .contains("ce-id", "ce-specversion", "ce-type", "ce-source", "ce-subject", "ce-cluster");
  }

  @Test
  void retriesServerErrorsAndTooManyRequestsThenSucceeds() {
    sink.respond(500, 429);
    KSinkPublisher publisher = new KSinkPublisher(sinkConfig(sink.uri(), null), SOURCE);

    publisher.publish("evt-2", EVENT);

    List<RecordingSink.Received> requests = sink.received();
    assertThat(requests).hasSize(3);
    assertThat(requests).extracting(r -> r.event().id()).containsOnly("evt-2");
  }

  @Test
  void givesUpAfterTheConfiguredAttemptsWithAClearError() {
    sink.respondAlways(503);
    KSinkPublisher publisher = new KSinkPublisher(sinkConfig(sink.uri(), null), SOURCE);

    assertThatThrownBy(() -> publisher.publish("evt-3", EVENT))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SINK_UNAVAILABLE))
        .hasMessageContaining("gave up publishing event evt-3")
        .hasMessageContaining(sink.uri().toString())
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("HTTP 503");
    assertThat(sink.received()).hasSize(3);
  }

  @Test
  void doesNotRetryAnEventTheBrokerRefusesWith400() {
    sink.respond(400);
    KSinkPublisher publisher = new KSinkPublisher(sinkConfig(sink.uri(), null), SOURCE);

    assertThatThrownBy(() -> publisher.publish("evt-4", EVENT))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SINK_UNAVAILABLE))
        .hasMessageContaining("refused event evt-4")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("not retried");
    assertThat(sink.received()).hasSize(1);
  }

  @Test
  void neverBlocksPastItsTimeoutWhenTheBrokerDoesNotAnswer() {
    sink.hang();
    KernelProperties.Sink config =
        new KernelProperties.Sink(
            sink.uri().toString(),
            null,
            Duration.ofMillis(600),
            Duration.ofMillis(250),
            10,
            Duration.ofMillis(10),
            Duration.ofMillis(50));
    KSinkPublisher publisher = new KSinkPublisher(config, SOURCE);

    long start = System.nanoTime();
    assertThatThrownBy(() -> publisher.publish("evt-5", EVENT))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SINK_UNAVAILABLE))
        .hasMessageContaining("no answer within");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    // Loose bound: the 600 ms budget plus scheduling slack on a busy build machine.
    assertThat(elapsed).isLessThan(Duration.ofMillis(2500));
    assertThat(sink.received()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void retriesConnectionFailuresAndReportsThem() {
    RecordingSink closed = RecordingSink.start();
    URI nobodyListens = closed.uri();
    closed.close();
    KSinkPublisher publisher = new KSinkPublisher(sinkConfig(nobodyListens, null), SOURCE);

    assertThatThrownBy(() -> publisher.publish("evt-6", EVENT))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void publishingWithoutASinkIsANoOp() {
    KSinkPublisher publisher = new KSinkPublisher(sinkConfig(null, null), SOURCE);

    assertThatCode(() -> publisher.publish("evt-7", EVENT)).doesNotThrowAnyException();
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void rejectsInvalidCeOverridesAtConstruction() {
    assertThatThrownBy(() -> new KSinkPublisher(sinkConfig(sink.uri(), "{nope"), SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("K_CE_OVERRIDES");
    assertThatThrownBy(
            () ->
                new KSinkPublisher(
                    sinkConfig(sink.uri(), "{\"extensions\":{\"Bad-Name\":\"x\"}}"), SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad-Name");
    assertThatThrownBy(
            () ->
                new KSinkPublisher(
                    sinkConfig(sink.uri(), "{\"extensions\":{\"type\":\"x\"}}"), SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'type'");
    assertThatThrownBy(() -> new KSinkPublisher(sinkConfig(sink.uri(), "[1]"), SOURCE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static KernelProperties.Sink sinkConfig(URI url, String overrides) {
    return new KernelProperties.Sink(
        url == null ? null : url.toString(),
        overrides,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        3,
        Duration.ofMillis(5),
        Duration.ofMillis(20));
  }
}
