package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The CloudEvent endpoint ({@code POST /}, the kernel edge) with the three alert types, binary and
 * structured mode with Knative's canonical header case (acceptance A17; reply vs no reply).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "aegis.system-parameters.cluster=c1")
@Import(TestWiring.MockKube.class)
class CloudEventHttpTest extends TestWiring {
  private CloudEventsHttp events;

  @BeforeEach
  void client() {
    events = CloudEventsHttp.to(port);
  }

  @Test
  void A17_binaryModeCustomAlertIsRecordedWithSourceCloudEventAndRepliedTo() {
    var response =
        events.binary(CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).data(TestAlerts.readme()));

    AegisAlert alert = assertRecordedLikeA01(response);
    assertReplyAnnounces(response, alert);
  }

  @Test
  void A17_structuredModeCustomAlertIsRecordedWithSourceCloudEventAndRepliedTo() {
    var response =
        events.structured(CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).data(TestAlerts.readme()));

    AegisAlert alert = assertRecordedLikeA01(response);
    assertReplyAnnounces(response, alert);
  }

  @Test
  void A33_sameCloudEventTwiceAndTwiceConcurrentlyIsCountedOnce() throws Exception {
    CloudEventsHttp.Event once =
        CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).id("delivery-1").data(TestAlerts.readme());
    assertThat(events.binary(once).statusCode()).isEqualTo(200);
    assertThat(events.structured(once).statusCode()).isBetween(200, 202);

    CloudEventsHttp.Event twice =
        CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).id("delivery-2").data(TestAlerts.readme());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> events.binary(twice).statusCode());
      var b = pool.submit(() -> events.binary(twice).statusCode());
      assertThat(a.get()).isBetween(200, 202);
      assertThat(b.get()).isBetween(200, 202);
    } finally {
      pool.shutdownNow();
    }

    assertThat(alerts())
        .singleElement()
        .satisfies(alert -> assertThat(alert.getStatus().count).isEqualTo(2));
  }

  @Test
  void aRepeatWithinTheReannounceIntervalIsQuietButARedeliveryIsRepliedToAgain() {
    CloudEventsHttp.Event first =
        CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).id("first").data(TestAlerts.readme());
    assertThat(events.binary(first).statusCode()).isEqualTo(200);

    var repeat =
        events.binary(
            CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).id("repeat").data(TestAlerts.readme()));
    var redelivered = events.binary(first);

    assertThat(repeat.statusCode()).as("announced <5 s ago: no reply").isEqualTo(202);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(repeat)).isFalse();
    assertThat(redelivered.statusCode())
        .as("the broker redelivers when our reply may be what it lost")
        .isEqualTo(200);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(redelivered)).isTrue();
    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(2));
  }

  @Test
  void aRepeatMatchRuleHasSeenIsAnsweredWithoutReply() {
    events.binary(CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).data(TestAlerts.readme()));
    AegisAlert alert = alerts().get(0);
    alert.getStatus().opsStatus = new AlertOpsStatus();
    alert.getStatus().opsStatus.triggerStatus = TriggerStatus.Triggered;
    kube.resource(alert).updateStatus();

    var response =
        events.binary(CloudEventsHttp.event(EventTypes.ALERT_CUSTOM).data(TestAlerts.readme()));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(response)).isFalse();
    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(2));
  }

  @Test
  void anAlertmanagerEventWithTwoAlertsPublishesBothAndRepliesNothing() {
    String payload =
        """
        {"version": "4", "status": "firing", "alerts": [
          {"status": "firing", "labels": {"alertname": "NodeDown", "node": "n1"}, "fingerprint": "a1"},
          {"status": "firing", "labels": {"alertname": "NodeDown", "node": "n2"}, "fingerprint": "a2"}
        ]}
        """;

    var response =
        events.binary(CloudEventsHttp.event(EventTypes.ALERT_ALERTMANAGER).data(payload));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
    assertThat(alerts())
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.getSpec().source).isEqualTo(AlertSource.CloudEvent);
              assertThat(a.getMetadata().getName()).startsWith("cloudevent-nodedown-");
            });
    assertThat(published())
        .extracting(e -> recorded(e).fingerprint())
        .containsExactlyInAnyOrder("a1", "a2");
  }

  @Test
  void anAlertmanagerEventWithAnInvalidItemIs400AfterRecordingAndPublishingTheValidOne() {
    var response =
        events.binary(
            CloudEventsHttp.event(EventTypes.ALERT_ALERTMANAGER)
                .data(fixture("alertmanager/two-first-invalid.json")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("alerts[0]");
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getSpec().type).isEqualTo("KubePodCrashLooping"));
    assertThat(published()).hasSize(1);
  }

  @Test
  void anInvalidCustomAlertIs400AndCreatesNothing() {
    var response =
        events.binary(
            CloudEventsHttp.event(EventTypes.ALERT_CUSTOM)
                .data(
                    "{\"type\":\"T\",\"status\":\"active\",\"involvedObject\":{\"name\":\"n\"}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("status must be Firing or Resolved");
    assertThat(alerts()).isEmpty();
  }

  @Test
  void aTextEventWithoutAiConfiguredIs503NotConfigured() {
    var response =
        events.binary(
            CloudEventsHttp.event(EventTypes.ALERT_TEXT)
                .dataContentType("text/plain")
                .data("node dev1 is on fire"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("not configured");
    assertThat(alerts()).isEmpty();
  }

  @Test
  void anotherEventTypeIs400() {
    var response =
        events.binary(CloudEventsHttp.event(AlertRecorded.TYPE).data(TestAlerts.readme()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(alerts()).isEmpty();
  }

  private AegisAlert assertRecordedLikeA01(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    assertThat(alerts()).hasSize(1);
    assertReadmeRecorded(alert, AlertSource.CloudEvent);
    return alert;
  }

  /** One alert, one event: it is the reply (binary mode), nothing goes to K_SINK. */
  private void assertReplyAnnounces(HttpResponse<String> response, AegisAlert alert) {
    assertThat(CloudEventsHttp.header(response, "Ce-Type")).contains(AlertRecorded.TYPE);
    assertThat(CloudEventsHttp.header(response, "Ce-Source")).contains("/aegis/parse-alert");
    assertThat(CloudEventsHttp.header(response, "Ce-Subject"))
        .contains(NS + "/" + alert.getMetadata().getName());
    AlertRecorded data =
        Json.read(response.body().getBytes(StandardCharsets.UTF_8), AlertRecorded.class, "reply");
    assertThat(data.created()).isTrue();
    assertThat(data.count()).isEqualTo(1);
    assertThat(data.alert().uid()).isEqualTo(alert.getMetadata().getUid());
    assertThat(published()).isEmpty();
  }
}
