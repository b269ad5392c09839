package io.aegis.trackstatus;

import static io.aegis.trackstatus.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisSpec;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertTtlStrategy;
import io.aegis.kernel.crd.DiagnosisTtlStrategy;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The reconcile sweeps over real HTTP: {@code dev.knative.sources.ping} events shaped as the {@code
 * aegis-reconcile} PingSource sends them, in binary and structured mode; what the sweeps publish is
 * read from a recording {@code K_SINK}.
 */
class ReconcileIT extends AppHttpBase {

  /** A tick of the PingSource as Knative sends it (KNATIVE-NOTES §2). */
  static CloudEventsHttp.Event tick(String pingSource) {
    return CloudEventsHttp.event(EventTypes.PING)
        .source("/apis/v1/namespaces/aegis/pingsources/" + pingSource)
        .extension("knativearrivaltime", "2025-03-14T09:27:00.31Z")
        .data("{\"sweep\":\"reconcile\"}");
  }

  void stuckFor(AegisAlert alert, Duration age) {
    HARNESS.clock.set(Instant.parse(alert.getMetadata().getCreationTimestamp()).plus(age));
  }

  @Test
  void A34_anAlertWhoseRecordedEventWasLostIsReDrivenThroughTheSink_binaryMode() {
    AegisAlert lost = Fixtures.recordedAlert(client, "a34-lost");

    stuckFor(lost, Duration.ofSeconds(30));
    assertNoReply(http.binary(tick("aegis-reconcile")));
    assertThat(published()).as("younger than stuck-after (60s)").isEmpty();

    stuckFor(lost, Duration.ofSeconds(61));
    assertNoReply(http.binary(tick("aegis-reconcile")));

    assertThat(published())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(AlertRecorded.TYPE);
              assertThat(event.source()).isEqualTo("/aegis/track-status");
              assertThat(event.subject()).isEqualTo(NS + "/a34-lost");
              assertThat(event.dataContentType()).startsWith("application/json");
              AlertRecorded recorded = event.dataAs(AlertRecorded.class);
              assertThat(recorded.created()).isTrue();
              assertThat(recorded.alert().name()).isEqualTo("a34-lost");
              assertThat(recorded.alert().uid()).isEqualTo(lost.getMetadata().getUid());
              assertThat(recorded.type()).isEqualTo("NodeHasEmergencyEvent");
              assertThat(recorded.status()).isEqualTo("Firing");
              assertThat(recorded.fingerprint()).isEqualTo("5f972974ccf1ee9b");
              assertThat(recorded.count()).isEqualTo(1);
            });
  }

  @Test
  void A34_anAlertStillStuckIsReDrivenOnEveryTickUntilMatched_structuredMode() {
    AegisAlert lost = Fixtures.recordedAlert(client, "a34-again");
    stuckFor(lost, Duration.ofMinutes(2));

    assertNoReply(http.structured(tick("aegis-reconcile")));
    assertNoReply(http.structured(tick("aegis-reconcile")));
    assertThat(published()).hasSize(2).allMatch(e -> e.type().equals(AlertRecorded.TYPE));

    // match-rule answered this time: the alert has a triggerStatus, nothing more is re-driven.
    lost = Fixtures.alert(client, "a34-again");
    lost.getStatus().opsStatus = new AlertOpsStatus();
    lost.getStatus().opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
    client.resource(lost).updateStatus();
    assertNoReply(http.structured(tick("aegis-reconcile")));
    assertThat(published()).hasSize(2);
  }

  @Test
  void pingsFromOtherPingSourcesAreAcknowledgedAndIgnored() {
    AegisAlert lost = Fixtures.recordedAlert(client, "other-ping");
    stuckFor(lost, Duration.ofMinutes(5));

    assertNoReply(http.binary(tick("aegis-healthcheck")));

    assertThat(published()).isEmpty();
  }

  @Test
  void A31_aTriggeredAlertWhoseWorkflowVanishedUnseenIsFailedAndItsFinishPublished() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a31-vanished");

    assertNoReply(http.binary(tick("aegis-reconcile")));

    AegisAlert failed = Fixtures.alert(client, "a31-vanished");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.reason).isEqualTo("WorkflowDeleted"));
    assertThat(Fixtures.templateCounts(client, "a31-vanished").failed).isEqualTo(1);
    assertThat(published())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(AlertFinished.TYPE);
              assertThat(event.subject()).isEqualTo(NS + "/a31-vanished");
              AlertFinished finished = event.dataAs(AlertFinished.class);
              assertThat(finished.outcome()).isEqualTo("Failed");
              assertThat(finished.alert().uid()).isEqualTo(alert.getMetadata().getUid());
            });

    assertNoReply(http.binary(tick("aegis-reconcile")));
    assertThat(published()).as("finished once").hasSize(1);
    assertThat(Fixtures.templateCounts(client, "a31-vanished").failed).isEqualTo(1);
  }

  @Test
  void A33_theSameTickDeliveredTwiceConcurrentlyFinishesAnAlertOnce() throws Exception {
    Fixtures.triggeredAlert(client, "a33-tick");
    CloudEventsHttp.Event tick = tick("aegis-reconcile");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (boolean binary : new boolean[] {true, false}) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return binary ? http.binary(tick) : http.structured(tick);
                }));
      }
      start.countDown();
      for (Future<HttpResponse<String>> call : calls) {
        assertNoReply(call.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(published())
        .filteredOn(e -> e.type().equals(AlertFinished.TYPE))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo(NS + "/a33-tick"));
    assertThat(Fixtures.templateCounts(client, "a33-tick").failed).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a33-tick").failed).isEqualTo(1);
  }

  @Test
  void aFinishWhoseEventWasLostIsAppliedFromTheWorkflowItself() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "lost-finish");
    createWorkflow("succeeded", alert);

    assertNoReply(http.structured(tick("aegis-reconcile")));

    assertThat(Fixtures.alert(client, "lost-finish").getStatus().opsStatus.alertOpsStatus)
        .isEqualTo(OpsStatus.Succeeded);
    assertThat(Fixtures.templateCounts(client, "lost-finish").succeeded).isEqualTo(1);
    assertThat(published())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(AlertFinished.TYPE));
  }

  @Test
  void aRunningWorkflowKeepsItsAlertAndMarksItRunning() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "still-running");
    createWorkflow("running", alert);

    assertNoReply(http.binary(tick("aegis-reconcile")));

    assertThat(Fixtures.alert(client, "still-running").getStatus().opsStatus.alertOpsStatus)
        .isEqualTo(OpsStatus.Running);
    assertThat(published()).isEmpty();
  }

  @Test
  void finishedAlertsAreDeletedOnceTheirTtlCountedFromCompletionHasPassed() {
    AegisAlert succeeded = Fixtures.triggeredAlert(client, "ttl-success");
    assertThat(http.binary(TrackStatusIT.update("succeeded", succeeded)).statusCode())
        .isEqualTo(200); // completionTime 2025-03-14T09:26:51Z
    AegisAlert custom = Fixtures.triggeredAlert(client, "ttl-custom");
    custom.getSpec().ttlStrategy = new AlertTtlStrategy();
    custom.getSpec().ttlStrategy.secondsAfterFailure = 600;
    client.resource(custom).update();
    assertThat(http.binary(TrackStatusIT.update("failed", custom)).statusCode()).isEqualTo(200);
    Instant completion = Instant.parse("2025-03-14T09:26:50Z");

    HARNESS.clock.set(completion.plusSeconds(599));
    assertNoReply(http.binary(tick("aegis-reconcile")));
    assertThat(Fixtures.alert(client, "ttl-custom")).isNotNull();
    assertThat(Fixtures.alert(client, "ttl-success")).isNotNull();

    HARNESS.clock.set(completion.plusSeconds(601));
    assertNoReply(http.binary(tick("aegis-reconcile")));
    assertThat(Fixtures.alert(client, "ttl-custom")).as("its own secondsAfterFailure").isNull();
    assertThat(Fixtures.alert(client, "ttl-success")).as("default 1 d").isNotNull();

    HARNESS.clock.set(Instant.parse("2025-03-14T09:26:51Z").plus(Duration.ofDays(1)));
    assertNoReply(http.binary(tick("aegis-reconcile")));
    assertThat(Fixtures.alert(client, "ttl-success")).isNull();
  }

  @Test
  void diagnosesAreDeletedOnceTheirTtlCountedFromCompletionHasPassed() {
    AegisDiagnosis expiring = diagnosis("diag-ttl", 300);
    AegisDiagnosis keptForever = diagnosis("diag-no-ttl", null);
    Instant completion = Instant.parse(expiring.getStatus().completionTime);

    HARNESS.clock.set(completion.plusSeconds(299));
    assertNoReply(http.structured(tick("aegis-reconcile")));
    assertThat(client.resource(expiring).get()).isNotNull();

    HARNESS.clock.set(completion.plusSeconds(300));
    assertNoReply(http.structured(tick("aegis-reconcile")));
    assertThat(client.resource(expiring).get()).isNull();
    assertThat(client.resource(keptForever).get()).isNotNull();
  }

  void createWorkflow(String phase, AegisAlert alert) {
    GenericKubernetesResource workflow =
        Serialization.unmarshal(
            new String(TestWorkflows.forAlert(phase, alert), StandardCharsets.UTF_8),
            GenericKubernetesResource.class);
    client
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(NS)
        .resource(workflow)
        .create();
  }

  AegisDiagnosis diagnosis(String name, Integer secondsAfterCompletion) {
    AegisDiagnosis d = new AegisDiagnosis();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    d.setSpec(new AegisDiagnosisSpec());
    if (secondsAfterCompletion != null) {
      d.getSpec().ttlStrategy = new DiagnosisTtlStrategy();
      d.getSpec().ttlStrategy.secondsAfterCompletion = secondsAfterCompletion;
    }
    d = client.resource(d).create();
    d.setStatus(new AegisDiagnosisStatus());
    d.getStatus().phase = "Completed";
    d.getStatus().completionTime = "2025-03-14T09:00:00Z";
    return client.resource(d).updateStatus();
  }
}
