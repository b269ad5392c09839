package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.kube.Names;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The webhooks over real HTTP against an in-memory Kubernetes API (acceptance A01–A15, A19). */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "aegis.system-parameters.cluster=c1")
@Import(TestWiring.MockKube.class)
class WebhookHttpTest extends TestWiring {

  @AfterEach
  void removePods() {
    kube.pods().inNamespace("ns1").delete();
  }

  @Test
  void A01_readmeAlertToBothCustomEndpointsCreatesOneAlertEach() {
    var viaDefault = webhook.post("/default/alert", TestAlerts.readme());
    var viaAlert =
        webhook.post(
            "/alert", TestAlerts.readme().replace(TestAlerts.README_FINGERPRINT, "other-fp"));

    for (var response : List.of(viaDefault, viaAlert)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualToIgnoringWhitespace("{\"code\":200,\"message\":\"\"}");
    }
    List<AegisAlert> alerts = alerts();
    assertThat(alerts).hasSize(2);
    for (AegisAlert alert : alerts) {
      assertReadmeRecorded(alert, AlertSource.Default);
      assertThat(alert.getStatus().status).isEqualTo(AlertStatus.Firing);
      assertThat(alert.getStatus().startTime).isNotNull();
      assertThat(alert.getMetadata().getLabels()).containsEntry("aegis.io/node", "dev1");
      assertThat(alert.getSpec().selector.getMatchLabels())
          .isEqualTo(alert.getMetadata().getLabels());
    }
    assertThat(alerts)
        .extracting(a -> a.getMetadata().getLabels().get("fingerprint"))
        .containsExactlyInAnyOrder(
            Names.fingerprintLabel(TestAlerts.README_FINGERPRINT),
            Names.fingerprintLabel("other-fp"));
    assertThat(published())
        .extracting(TestWiring::recorded)
        .allSatisfy(
            e -> {
              assertThat(e.created()).isTrue();
              assertThat(e.count()).isEqualTo(1);
              assertThat(e.status()).isEqualTo("Firing");
              assertThat(e.alert().namespace()).isEqualTo(NS);
              assertThat(e.alert().uid()).isNotBlank();
            })
        .hasSize(2);
    assertThat(published())
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(AlertRecorded.TYPE);
              assertThat(e.source()).isEqualTo("/aegis/parse-alert");
              assertThat(e.subject()).isEqualTo(NS + "/" + recorded(e).alert().name());
            });
  }

  @Test
  void A02_sameAlertTwiceCountsTwoOnOneAlert() {
    assertThat(webhook.post("/default/alert", TestAlerts.readme()).status()).isEqualTo(200);
    assertThat(webhook.post("/default/alert", TestAlerts.readme()).status()).isEqualTo(200);

    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(2));
  }

  @Test
  void A03_fiftyConcurrentDeliveriesGiveOneAlertWithCountFifty() throws Exception {
    int deliveries = 50;
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < deliveries; i++) {
        Callable<Integer> post =
            () -> {
              start.await();
              return webhook.post("/default/alert", TestAlerts.readme()).status();
            };
        statuses.add(pool.submit(post));
      }
      start.countDown();
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(deliveries));
    assertThat(published()).extracting(e -> e.id()).containsOnly(published().get(0).id());
  }

  @Test
  void A04_keysAreCaseInsensitive() {
    String lower =
        TestAlerts.readme().replace("\"Kind\"", "\"kind\"").replace("\"Name\"", "\"name\"");
    String shouting =
        TestAlerts.readme()
            .replace("\"Kind\"", "\"KIND\"")
            .replace("\"type\"", "\"Type\"")
            .replace("\"involvedObject\"", "\"InvolvedObject\"")
            .replace(TestAlerts.README_FINGERPRINT, "fp-upper");
    assertThat(webhook.post("/default/alert", TestAlerts.readme()).status()).isEqualTo(200);
    assertThat(webhook.post("/default/alert", lower).status()).isEqualTo(200);
    assertThat(webhook.post("/default/alert", shouting).status()).isEqualTo(200);

    List<AegisAlert> alerts = alerts();
    assertThat(alerts).hasSize(2); // same fingerprint for the first two: one alert, count 2
    assertThat(alerts)
        .allSatisfy(
            a -> {
              assertThat(a.getSpec().type).isEqualTo("NodeHasEmergencyEvent");
              assertThat(a.getSpec().involvedObject.kind).isEqualTo("Node");
              assertThat(a.getSpec().involvedObject.name).isEqualTo("dev1");
            });
  }

  @Test
  void A05_malformedJsonIs400WithCode2001AndCreatesNothing() {
    var response = webhook.post("/default/alert", "{not json");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo(2001);
    assertThat(response.message()).contains("not valid JSON");
    assertThat(alerts()).isEmpty();
    assertThat(published()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing type | {\"status\":\"Firing\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"n\"}} | type",
        "bad status | {\"type\":\"T\",\"status\":\"active\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"n\"}} | status must be Firing or Resolved, got \"active\"",
        "missing name | {\"type\":\"T\",\"status\":\"Firing\",\"involvedObject\":{\"kind\":\"Node\"}} | involvedObject.name",
        "pod without namespace | {\"type\":\"T\",\"status\":\"Firing\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"}} | involvedObject.namespace",
        "nested detail | {\"type\":\"T\",\"status\":\"Firing\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"n\"},\"details\":{\"x\":{\"y\":1}}} | details.x",
      })
  void A06_invalidAlertIs400NamingTheFieldAndCreatesNothing(
      String caseName, String body, String expectedInMessage) {
    var response = webhook.post("/default/alert", body);

    assertThat(response.status()).as(caseName).isEqualTo(400);
    assertThat(response.code()).isEqualTo(2001);
    assertThat(response.message()).contains(expectedInMessage);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void A07_resolvedAlertMarksOpenEpisode() {
    webhook.post("/default/alert", TestAlerts.readme());
    int before = published().size();

    var response = webhook.post("/default/alert", TestAlerts.readme("resolved"));

    assertThat(response.status()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    assertThat(alerts()).hasSize(1);
    assertThat(alert.getStatus().status).isEqualTo(AlertStatus.Resolved);
    assertThat(alert.getStatus().resolvedTime).isNotNull();
    assertThat(alert.getStatus().count).isEqualTo(1);
    assertThat(published().subList(before, published().size()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(recorded(e).status()).isEqualTo("Resolved");
              assertThat(recorded(e).created()).isFalse();
              assertThat(e.id()).isEqualTo(alert.getMetadata().getUid() + ".resolved");
            });
  }

  @Test
  void A07_firingAfterResolvedStartsANewEpisode() {
    webhook.post("/default/alert", TestAlerts.readme());
    webhook.post("/default/alert", TestAlerts.readme("Resolved"));

    webhook.post("/default/alert", TestAlerts.readme());

    List<AegisAlert> alerts = alerts();
    assertThat(alerts).hasSize(2);
    assertThat(alerts)
        .extracting(a -> a.getStatus().status, a -> a.getStatus().count)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.Resolved, 1),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.Firing, 1));
  }

  @Test
  void A08_resolvedWithUnknownFingerprintChangesNothing() {
    webhook.post("/default/alert", TestAlerts.readme());
    String version = alerts().get(0).getMetadata().getResourceVersion();
    int before = published().size();

    var response =
        webhook.post(
            "/default/alert",
            TestAlerts.readme("Resolved").replace(TestAlerts.README_FINGERPRINT, "never-seen"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.code()).isEqualTo(200);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getMetadata().getResourceVersion()).isEqualTo(version);
              assertThat(a.getStatus().status).isEqualTo(AlertStatus.Firing);
            });
    assertThat(published()).hasSize(before);
  }

  @Test
  void A09_validDetailsBecomeLabelsExceptNoisyOnes() {
    String body =
        TestAlerts.alert("GpuXid")
            .detail("description", "x y")
            .detail("a", "1")
            .detail("severity", "critical")
            .detail("zone", "us-1")
            .detail("instance", "n1")
            .json();

    assertThat(webhook.post("/default/alert", body).status()).isEqualTo(200);

    AegisAlert alert = alerts().get(0);
    assertThat(alert.getMetadata().getLabels())
        .containsEntry("severity", "critical")
        .containsEntry("zone", "us-1")
        .containsEntry("a", "1")
        .doesNotContainKeys("description", "instance");
    assertThat(alert.getSpec().severity).isEqualTo("critical");
    assertThat(alert.getSpec().details)
        .containsOnlyKeys("description", "a", "severity", "zone", "instance");
  }

  @Test
  void A10_podAlertTakesTheNodeOfThePod() {
    kube.pods()
        .inNamespace("ns1")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("p1")
                .withNamespace("ns1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("n7")
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();

    var response =
        webhook.post(
            "/default/alert", TestAlerts.alert("PodOom").object("Pod", "p1", "ns1").json());

    assertThat(response.status()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    assertThat(alert.getSpec().involvedObject.node).isEqualTo("n7");
    assertThat(alert.getSpec().involvedObject.namespace).isEqualTo("ns1");
    assertThat(alert.getMetadata().getLabels()).containsEntry("aegis.io/node", "n7");
    assertThat(alert.getStatus().conditions).isEmpty();
  }

  @Test
  void A10_podAlertForAMissingPodIsRecordedWithoutNodeAndWithTheReason() {
    var response =
        webhook.post(
            "/default/alert", TestAlerts.alert("PodOom").object("Pod", "gone", "ns1").json());

    assertThat(response.status()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    assertThat(alert.getSpec().involvedObject.node).isNull();
    assertThat(alert.getMetadata().getLabels()).doesNotContainKey("aegis.io/node");
    assertThat(alert.getStatus().conditions)
        .singleElement()
        .satisfies(
            (Condition c) -> {
              assertThat(c.type).isEqualTo("NodeKnown");
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("PodNotFound");
              assertThat(c.message).contains("ns1/gone");
            });
  }

  @Test
  void A11_namesAreLowerCaseDnsLabelsOfAtMost63Characters() {
    webhook.post("/default/alert", TestAlerts.alert("Node.Crash_X").json());
    webhook.post("/default/alert", TestAlerts.alert("Very" + "Long".repeat(30) + "Type").json());

    List<String> names = alerts().stream().map(a -> a.getMetadata().getName()).toList();
    assertThat(names).hasSize(2).anySatisfy(n -> assertThat(n).startsWith("default-node-crash-x-"));
    assertThat(names)
        .allSatisfy(
            n -> {
              assertThat(n.length()).isLessThanOrEqualTo(63);
              assertThat(n).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            });
  }

  @Test
  void A12_bodyOverTheDefaultLimitIs413() {
    String big = TestAlerts.alert("Big").detail("blob", "x".repeat(1024 * 1024)).json();

    var response = webhook.post("/default/alert", big);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.code()).isEqualTo(2001);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void A12_chunkedBodyOverTheLimitIsRefusedWhileReading() {
    byte[] big =
        TestAlerts.alert("Big")
            .detail("blob", "x".repeat(1024 * 1024))
            .json()
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        webhook
            .request("/default/alert")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();

    var response = webhook.send(request);

    assertThat(response.status()).isEqualTo(413);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void A13_alertmanagerFiringAlertIsRecorded() {
    var response = webhook.post("/alertmanager/alert", fixture("alertmanager/one-firing.json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.code()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    assertThat(alert.getMetadata().getName())
        .matches("alertmanager-nodeoutofdiskspace-[a-z0-9]{5}");
    assertThat(alert.getSpec().source).isEqualTo(AlertSource.Alertmanager);
    assertThat(alert.getSpec().involvedObject.kind).isEqualTo("Node");
    assertThat(alert.getSpec().involvedObject.name).isEqualTo("odysseus004");
    assertThat(alert.getSpec().fingerprint).isEqualTo("b4c2f3a1d0e9f8a7");
    assertThat(alert.getSpec().details)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alertname", "NodeOutOfDiskSpace",
                "kind", "Node",
                "node", "odysseus004",
                "severity", "warning",
                "description", "Node odysseus004 has less than 5% disk space left"));
    assertThat(alert.getSpec().severity).isEqualTo("warning");
  }

  @Test
  void A14_invalidAlertmanagerItemIs400NamingItsIndexWhileTheValidOneIsRecorded() {
    var response =
        webhook.post("/alertmanager/alert", fixture("alertmanager/two-first-invalid.json"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo(2001);
    assertThat(response.message()).contains("alerts[0]").contains("labels.alertname");
    assertThat(response.message()).doesNotContain("alerts[1]");
    AegisAlert alert = alerts().get(0);
    assertThat(alerts()).hasSize(1);
    assertThat(alert.getSpec().type).isEqualTo("KubePodCrashLooping");
    assertThat(alert.getSpec().involvedObject.kind).isEqualTo("Pod");
    assertThat(alert.getSpec().involvedObject.name).isEqualTo("trainer-0");
    assertThat(alert.getSpec().involvedObject.namespace).isEqualTo("team-a");
    assertThat(alert.getSpec().details)
        .containsEntry("summary", "Pod team-a/trainer-0 is crash looping");
    assertThat(alert.getSpec().details).doesNotContainKey("runbook_url");
    assertThat(published()).hasSize(1);
  }

  @Test
  void A15_alertmanagerResolvedMarksTheRecordedAlert() {
    webhook.post("/alertmanager/alert", fixture("alertmanager/one-firing.json"));

    var response = webhook.post("/alertmanager/alert", fixture("alertmanager/one-resolved.json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus().status).isEqualTo(AlertStatus.Resolved);
              assertThat(a.getStatus().count).isEqualTo(1);
            });
  }

  @Test
  void A19_alertWithoutFingerprintDeduplicatesOnAGeneratedOne() {
    String body = TestAlerts.alert("DiskFull").detail("mount", "/data").json();

    webhook.post("/default/alert", body);
    webhook.post("/default/alert", body);

    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus().count).isEqualTo(2);
              assertThat(a.getSpec().fingerprint).matches("[0-9a-f]{16}");
              assertThat(a.getMetadata().getLabels())
                  .containsEntry("fingerprint", Names.fingerprintLabel(a.getSpec().fingerprint));
            });
  }

  @Test
  void A32_anEpisodeWhoseWorkflowFinishedIsNotReused() {
    webhook.post("/default/alert", TestAlerts.readme());
    AegisAlert first = alerts().get(0);
    finishWorkflow(first, OpsStatus.Succeeded);

    webhook.post("/default/alert", TestAlerts.readme());

    List<AegisAlert> alerts = alerts();
    assertThat(alerts).hasSize(2);
    AegisAlert second =
        alerts.stream()
            .filter(a -> !a.getMetadata().getName().equals(first.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(second.getStatus().count).isEqualTo(1);
    assertThat(second.getMetadata().getLabels()).containsEntry("aegis.io/episode", "2");
    assertThat(second.getMetadata().getName()).startsWith("default-nodehasemergencyevent-");
  }

  @Test
  void repeatOfAnEpisodeMatchRuleHasSeenPublishesNothing() {
    webhook.post("/default/alert", TestAlerts.readme());
    AegisAlert alert = alerts().get(0);
    alert.getStatus().opsStatus = new AlertOpsStatus();
    alert.getStatus().opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
    kube.resource(alert).updateStatus();
    int before = published().size();

    assertThat(webhook.post("/default/alert", TestAlerts.readme()).status()).isEqualTo(200);

    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(2));
    assertThat(published()).hasSize(before);
  }

  @Test
  void repeatsOfANewEpisodeWithinTheReannounceIntervalAnnounceItOnce() {
    for (int i = 0; i < 3; i++) {
      assertThat(webhook.post("/default/alert", TestAlerts.readme()).status()).isEqualTo(200);
    }

    assertThat(alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.getStatus().count).isEqualTo(3));
    assertThat(published())
        .singleElement()
        .satisfies(e -> assertThat(recorded(e).created()).isTrue());
  }

  @Test
  void brokerUnavailableIs503AndTheRetryReannouncesTheSameEvent() {
    SINK.respondAlways(503);
    var failed = webhook.post("/default/alert", TestAlerts.readme());
    SINK.respondAlways(202);
    var retried = webhook.post("/default/alert", TestAlerts.readme());

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.code()).isEqualTo(2002);
    assertThat(retried.status()).isEqualTo(200);
    AegisAlert alert = alerts().get(0);
    // Two refused attempts (aegis.sink.attempts=2), then the retry's accepted one: same id.
    assertThat(published())
        .hasSize(3)
        .allSatisfy(
            e -> {
              assertThat(e.id()).isEqualTo(alert.getMetadata().getUid() + ".created");
              assertThat(recorded(e).created()).isTrue();
            });
  }

  private void finishWorkflow(AegisAlert alert, OpsStatus outcome) {
    AegisAlertStatus status = alert.getStatus();
    status.opsStatus = new AlertOpsStatus();
    status.opsStatus.triggerStatus = TriggerStatus.Triggered;
    status.opsStatus.alertOpsStatus = outcome;
    kube.resource(alert).updateStatus();
  }

  @Test
  void A18_withoutAiConfiguredTheAiEndpointIs503NotConfigured() {
    var response = webhook.post("/ai/alert", "node dev1 is on fire");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.code()).isEqualTo(2002);
    assertThat(response.message()).contains("not configured");
    assertThat(alerts()).isEmpty();
  }
}
