package io.aegis.trackstatus;

import static io.aegis.trackstatus.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisSpec;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.DiagnosisTtlStrategy;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** track-status against fabric8's mock API server (CRUD mode, Aegis CRDs registered). */
class TrackStatusKubeTest {
  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();
  KubernetesClient client;

  final Fixtures.TestClock clock = new Fixtures.TestClock();
  final Fixtures.RecordingPublisher sink = new Fixtures.RecordingPublisher();
  TrackStatusProperties props = TrackStatusProperties.defaults();
  TrackStatusFunction function;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    client = kube.client();
    function = newFunction(props);
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  TrackStatusFunction newFunction(TrackStatusProperties p) {
    WorkflowTracker tracker = new WorkflowTracker(new StatusWriter(client, clock), clock);
    return new TrackStatusFunction(tracker, new Reconciler(client, tracker, sink, p, clock), p);
  }

  Optional<Reply> deliver(String phase, AegisAlert alert) {
    return function.apply(Fixtures.update(TestWorkflows.forAlert(phase, alert)));
  }

  @Test
  void runningThenSucceededCompletesTheAlertAndCountsOnTemplateAndRule() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a21");
    assertThat(
            function.apply(
                Fixtures.workflowEvent(
                    EventTypes.APISERVER_ADD, TestWorkflows.forAlert("added", alert))))
        .isEmpty();
    assertThat(deliver("running", alert)).isEmpty();
    AlertOpsStatus running = Fixtures.alert(client, "a21").getStatus().opsStatus;
    assertThat(running.alertOpsStatus).isEqualTo(OpsStatus.Running);
    assertThat(running.startTime).isEqualTo("2025-03-14T09:26:40Z");
    assertThat(running.active).isEqualTo(1);

    Optional<Reply> reply = deliver("succeeded", alert);

    AegisAlert done = Fixtures.alert(client, "a21");
    assertThat(done.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Succeeded);
    assertThat(done.getStatus().opsStatus.total).isEqualTo(1);
    assertThat(done.getStatus().opsStatus.succeeded).isEqualTo(1);
    assertThat(done.getStatus().opsStatus.active).isZero();
    assertThat(done.getStatus().opsStatus.completionTime).isEqualTo("2025-03-14T09:26:51Z");
    assertThat(done.getStatus().conditions).extracting(c -> c.type).containsExactly("Complete");
    assertThat(Fixtures.templateCounts(client, "a21").succeeded).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a21").succeeded).isEqualTo(1);
    assertThat(reply)
        .hasValueSatisfying(
            r -> {
              assertThat(r.type()).isEqualTo(AlertFinished.TYPE);
              assertThat(r.subject()).isEqualTo(NS + "/a21");
              AlertFinished f = (AlertFinished) r.data();
              assertThat(f.outcome()).isEqualTo("Succeeded");
              assertThat(f.alert().uid()).isEqualTo(alert.getMetadata().getUid());
              assertThat(f.workflow().name()).isEqualTo("a21-s82rh");
            });
  }

  @Test
  void failedWorkflowFailsTheAlertWithItsMessage() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a30");
    Optional<Reply> reply = deliver("failed", alert);
    AegisAlert failed = Fixtures.alert(client, "a30");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.message).isEqualTo("Error (exit code 1)");
            });
    assertThat(Fixtures.templateCounts(client, "a30").failed).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a30").failed).isEqualTo(1);
    assertThat(reply).map(r -> ((AlertFinished) r.data()).outcome()).contains("Failed");
  }

  @Test
  void sameEventTwiceAndConcurrentlyFinishesOnceCountsOnceRepliesOnce() throws Exception {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a33");
    var event = Fixtures.update(TestWorkflows.forAlert("succeeded", alert));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<Reply>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Callable<Optional<Reply>> call =
          () -> {
            start.await();
            return function.apply(event);
          };
      calls.add(pool.submit(call));
    }
    start.countDown();
    int replies = 0;
    for (Future<Optional<Reply>> call : calls) {
      replies += call.get().isPresent() ? 1 : 0;
    }
    replies += function.apply(event).isPresent() ? 1 : 0;
    assertThat(replies).isEqualTo(1);
    assertThat(Fixtures.templateCounts(client, "a33").succeeded).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a33").succeeded).isEqualTo(1);
  }

  @Test
  void deleteBeforeFinishingFailsTheAlertWithWorkflowDeleted() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a31");
    deliver("running", alert);
    Optional<Reply> reply =
        function.apply(
            Fixtures.workflowEvent(
                EventTypes.APISERVER_DELETE, TestWorkflows.forAlert("running", alert)));
    AegisAlert failed = Fixtures.alert(client, "a31");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().conditions.get(0).reason).isEqualTo("WorkflowDeleted");
    assertThat(reply).isPresent();
  }

  @Test
  void deleteAfterFinishingIsArgosTtlAndChangesNothing() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "ttl-delete");
    deliver("succeeded", alert);
    String rv = Fixtures.alert(client, "ttl-delete").getMetadata().getResourceVersion();
    assertThat(
            function.apply(
                Fixtures.workflowEvent(
                    EventTypes.APISERVER_DELETE, TestWorkflows.forAlert("succeeded", alert))))
        .isEmpty();
    assertThat(Fixtures.alert(client, "ttl-delete").getMetadata().getResourceVersion())
        .isEqualTo(rv);
  }

  @Test
  void eventBeforeRenderSubmitMarkedTheAlertTriggeredIsRetried() {
    AegisAlert alert = Fixtures.recordedAlert(client, "early");
    assertThatThrownBy(() -> deliver("running", alert))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason().isTransient()).isTrue());
    assertThat(Fixtures.alert(client, "early").getStatus().opsStatus).isNull();
  }

  @Test
  void unmanagedWorkflowsAndOtherKindsAreAcknowledgedWithoutAnyWrite() {
    int before = kube.server().getRequestCount();
    assertThat(function.apply(Fixtures.update(TestWorkflows.bytes("unmanaged")))).isEmpty();
    var pod = Fixtures.update(TestWorkflows.bytes("unmanaged"));
    var podEvent =
        new io.aegis.kernel.cloudevents.InboundEvent(
            pod.id(),
            pod.type(),
            pod.source(),
            "/apis/v1/namespaces/ops/pods/p",
            pod.dataContentType(),
            java.util.Map.of("kind", "Pod", "apiversion", "v1", "name", "p", "namespace", "ops"),
            "{\"metadata\":{\"name\":\"p\"}}".getBytes());
    assertThat(function.apply(podEvent)).isEmpty();
    assertThat(kube.server().getRequestCount()).isEqualTo(before);
  }

  @Test
  void workflowOfAnAlertThatIsGoneIsIgnored() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "gone");
    client.resource(alert).delete();
    assertThat(deliver("succeeded", alert)).isEmpty();
  }

  @Test
  void otherPingSourcesAreIgnored() {
    AegisAlert alert = Fixtures.recordedAlert(client, "stuck-other-ping");
    clock.advance(Duration.ofMinutes(5));
    function.apply(Fixtures.ping("/apis/v1/namespaces/aegis/pingsources/aegis-healthcheck"));
    assertThat(sink.published).isEmpty();
  }

  @Test
  void reconcileRedrivesAnAlertStuckWithoutTriggerStatus() {
    AegisAlert stuck = Fixtures.recordedAlert(client, "stuck");
    clock.set(Instant.parse(stuck.getMetadata().getCreationTimestamp()).plusSeconds(59));
    assertThat(function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE))).isEmpty();
    assertThat(sink.published).as("not stuck yet").isEmpty();

    clock.advance(Duration.ofSeconds(2));
    assertThat(function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE))).isEmpty();

    assertThat(sink.published)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type()).isEqualTo(AlertRecorded.TYPE);
              assertThat(r.subject()).isEqualTo(NS + "/stuck");
              AlertRecorded recorded = (AlertRecorded) r.data();
              assertThat(recorded.created()).isTrue();
              assertThat(recorded.alert().uid()).isEqualTo(stuck.getMetadata().getUid());
              assertThat(recorded.type()).isEqualTo("NodeHasEmergencyEvent");
              assertThat(recorded.status()).isEqualTo("Firing");
              assertThat(recorded.fingerprint()).isEqualTo("5f972974ccf1ee9b");
            });
  }

  @Test
  void reconcileFailsATriggeredAlertWhoseWorkflowVanishedAndPublishesTheFinish() {
    Fixtures.triggeredAlert(client, "vanished");
    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    AegisAlert failed = Fixtures.alert(client, "vanished");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().conditions.get(0).reason).isEqualTo("WorkflowDeleted");
    assertThat(sink.published)
        .singleElement()
        .satisfies(r -> assertThat(r.type()).isEqualTo(AlertFinished.TYPE));
    assertThat(Fixtures.templateCounts(client, "vanished").failed).isEqualTo(1);

    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    assertThat(sink.published).hasSize(1);
  }

  @Test
  void reconcileAppliesAFinishThatNoEventReported() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "missed");
    GenericKubernetesResource wf =
        Serialization.unmarshal(
            new String(TestWorkflows.forAlert("succeeded", alert)),
            GenericKubernetesResource.class);
    client
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(NS)
        .resource(wf)
        .create();

    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));

    assertThat(Fixtures.alert(client, "missed").getStatus().opsStatus.alertOpsStatus)
        .isEqualTo(OpsStatus.Succeeded);
    assertThat(sink.published)
        .singleElement()
        .satisfies(r -> assertThat(r.type()).isEqualTo(AlertFinished.TYPE));
    assertThat(Fixtures.templateCounts(client, "missed").succeeded).isEqualTo(1);
  }

  @Test
  void reconcileDeletesFinishedAlertsPastTheirTtlOnly() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "expiring");
    deliver("succeeded", alert); // completionTime 2025-03-14T09:26:51Z
    AegisAlert noOps = Fixtures.recordedAlert(client, "norule");
    noOps.getStatus().opsStatus = new AlertOpsStatus();
    noOps.getStatus().opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
    client.resource(noOps).updateStatus();
    AegisAlert running = Fixtures.triggeredAlert(client, "running");
    GenericKubernetesResource wf =
        Serialization.unmarshal(
            new String(TestWorkflows.forAlert("running", running)),
            GenericKubernetesResource.class);
    client
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(NS)
        .resource(wf)
        .create();

    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    assertThat(Fixtures.alert(client, "expiring")).as("Succeeded long ago, 1 d default").isNull();
    assertThat(Fixtures.alert(client, "norule")).as("no-ops, seen just now").isNotNull();
    assertThat(Fixtures.alert(client, "running")).isNotNull();

    clock.advance(Duration.ofDays(1).plusSeconds(1));
    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    assertThat(Fixtures.alert(client, "norule")).isNull();
    assertThat(Fixtures.alert(client, "running")).as("still running: never expires").isNotNull();
  }

  @Test
  void reconcileDeletesDiagnosesPastTheirTtl() {
    AegisDiagnosis kept = diagnosis("kept", null);
    AegisDiagnosis expired = diagnosis("expired", 60);
    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    assertThat(client.resource(kept).get()).isNotNull();
    assertThat(client.resource(expired).get()).isNull();
  }

  @Test
  void eachSweepActsOnAtMostMaxItemsPerTick() {
    props =
        new TrackStatusProperties(
            NS,
            props.alertTtl(),
            new TrackStatusProperties.Reconcile("aegis-reconcile", Duration.ofSeconds(60), 2, 1));
    function = newFunction(props);
    for (int i = 0; i < 5; i++) {
      Fixtures.recordedAlert(client, "bulk-" + i);
    }
    clock.advance(Duration.ofMinutes(2));
    function.apply(Fixtures.ping(Fixtures.RECONCILE_SOURCE));
    assertThat(sink.published).hasSize(2);
  }

  AegisDiagnosis diagnosis(String name, Integer ttlSeconds) {
    AegisDiagnosis d = new AegisDiagnosis();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    d.setSpec(new AegisDiagnosisSpec());
    if (ttlSeconds != null) {
      d.getSpec().ttlStrategy = new DiagnosisTtlStrategy();
      d.getSpec().ttlStrategy.secondsAfterCompletion = ttlSeconds;
    }
    d = client.resource(d).create();
    d.setStatus(new AegisDiagnosisStatus());
    d.getStatus().phase = "Completed";
    d.getStatus().completionTime = "2025-03-14T09:00:00Z";
    return client.resource(d).updateStatus();
  }
}
