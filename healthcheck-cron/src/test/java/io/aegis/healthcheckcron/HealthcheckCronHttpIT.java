package io.aegis.healthcheckcron;

import static io.aegis.healthcheckcron.TestChecks.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.RecordingSink;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * healthcheck-cron over real HTTP: CloudEvents as PingSource and ApiServerSource send them, binary
 * and structured mode, against the app with fabric8's mock API server (which also serves the check
 * pods' logs) and a recording K_SINK. Node events and finding alerts are enabled.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"aegis.healthcheck.node-events=true", "aegis.healthcheck.create-alerts=true"})
class HealthcheckCronHttpIT {
  static final LogServingKube KUBE = LogServingKube.start();
  static final RecordingSink SINK = RecordingSink.start();
  static final MutableClock CLOCK = new MutableClock(Instant.now());

  @DynamicPropertySource
  static void sink(DynamicPropertyRegistry registry) {
    registry.add("aegis.sink.url", () -> SINK.uri().toString());
  }

  @TestConfiguration
  static class Beans {
    @Bean(destroyMethod = "")
    KubernetesClient kubernetesClient() {
      return KUBE.client();
    }

    @Bean
    Clock clock() {
      return CLOCK;
    }
  }

  @LocalServerPort int port;
  CloudEventsHttp http;
  KubernetesClient client = KUBE.client();

  @AfterAll
  static void stop() {
    SINK.close();
    KUBE.close();
  }

  @BeforeEach
  void setUp() {
    KUBE.reset();
    assertThat(client.nodes().list().getItems()).isEmpty();
    CLOCK.set(Instant.now());
    http = CloudEventsHttp.to(port);
    client.resource(TestChecks.gpuNode("node-a")).create();
    client.resource(TestChecks.gpuNode("node-b")).create();
    client.resource(TestChecks.cpuNode("node-c")).create();
    client.resource(TestChecks.cordonedGpuNode("node-d")).create();
    client.resource(TestChecks.rules("gpu-rules", true)).create();
    client.resource(TestChecks.rules("other-rules", false)).create();
  }

  // --- sending -----------------------------------------------------------------------------

  /** Asserts the answer of a handled event: 202, no body, nothing that looks like a reply (A47). */
  static void accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(response)).isFalse();
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
  }

  void tick(boolean binary) {
    CloudEventsHttp.Event ping = KnativeEvents.ping("aegis-healthcheck");
    accepted(binary ? http.binary(ping) : http.structured(ping));
  }

  void send(String type, HasMetadata object, boolean binary) {
    CloudEventsHttp.Event event = KnativeEvents.apiServer(type, object);
    accepted(binary ? http.binary(event) : http.structured(event));
  }

  /** The check pod of {@code check} finishes with {@code log}; its update event is delivered. */
  Pod finish(AegisNodeHealthCheck check, String log, boolean binary) {
    String pod = CheckPod.podName(check);
    KUBE.podLog(NS, pod, log);
    Pod done = setPhase(pod, "Succeeded");
    send(EventTypes.APISERVER_UPDATE, done, binary);
    return done;
  }

  Pod setPhase(String pod, String phase) {
    return new Harness(client, HealthcheckCronProperties.defaults()).setPhase(pod, phase);
  }

  // --- reading -----------------------------------------------------------------------------

  AegisNodeHealthCheck nodeCheck(String name) {
    return client.resources(AegisNodeHealthCheck.class).inNamespace(NS).withName(name).get();
  }

  AegisClusterHealthCheck clusterCheck(String name) {
    return client.resources(AegisClusterHealthCheck.class).inNamespace(NS).withName(name).get();
  }

  List<AegisNodeHealthCheck> nodeChecks() {
    return client.resources(AegisNodeHealthCheck.class).inNamespace(NS).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(c -> c.getSpec().node))
        .toList();
  }

  List<Pod> pods() {
    return client.pods().inNamespace(NS).list().getItems();
  }

  List<AegisAlert> alerts() {
    return client.resources(AegisAlert.class).inNamespace(NS).list().getItems();
  }

  List<InboundEvent> recorded() {
    return SINK.events().stream().filter(e -> AlertRecorded.TYPE.equals(e.type())).toList();
  }

  /** The first time of "every 5 minutes" after the check's creation. */
  static Instant firstDue(AegisClusterHealthCheck check) {
    Instant created = Timestamps.parse(check.getMetadata().getCreationTimestamp()).orElseThrow();
    return Schedule.parse("*/5 * * * *").get(0).next(created.atZone(ZoneOffset.UTC)).toInstant();
  }

  // --- A42 / A43 ---------------------------------------------------------------------------

  @Test
  void A42_nodeCheckWithOneConfigMapRunsOnItsNodeAndItsResultsAreParsed() {
    AegisNodeHealthCheck check =
        client.resource(TestChecks.nodeCheck("gpu-node-a", "node-a")).create();
    send(EventTypes.APISERVER_ADD, check, true);

    Pod pod = client.pods().inNamespace(NS).withName(CheckPod.podName(check)).get();
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.HEALTH_CHECK, "gpu-node-a");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(check.getMetadata().getUid()));
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/nodecheck/config/gpu-rules");
    assertThat(pod.getSpec().getVolumes())
        .extracting(v -> v.getConfigMap().getName())
        .containsExactly("gpu-rules");
    assertThat(nodeCheck("gpu-node-a").getStatus().status).isEqualTo("Pending");

    send(EventTypes.APISERVER_UPDATE, setPhase(pod.getMetadata().getName(), "Running"), false);
    assertThat(nodeCheck("gpu-node-a").getStatus().status).isEqualTo("Checking");

    finish(check, TestChecks.FAILING_LOG, false);

    AegisNodeHealthCheck done = nodeCheck("gpu-node-a");
    assertThat(done.getStatus().status).isEqualTo("Succeeded");
    assertThat(done.getStatus().completionTime).isNotNull();
    assertThat(done.getStatus().results).containsOnlyKeys("gpu");
    assertThat(done.getStatus().results.get("gpu"))
        .extracting(i -> i.item + "/" + i.condition + "/" + i.level + "/" + i.status)
        .containsExactly(
            "check_gpu_count/GpuCountMismatch/critical/true",
            "check_xid/GpuXidError/warning/false");
    assertThat(done.getStatus().conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Complete");
              assertThat(c.reason).isEqualTo("CheckSucceeded");
              assertThat(c.message).isEqualTo("2 items checked, 1 failing");
            });
  }

  @Test
  void A42_aNodeCheckWhoseAddEventWasLostIsStartedByTheNextTick() {
    client.resource(TestChecks.nodeCheck("gpu-node-b", "node-b")).create();
    tick(false);
    assertThat(pods())
        .singleElement()
        .satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-b"));
    tick(true);
    assertThat(pods()).hasSize(1);
  }

  @Test
  void A43_aNodeCheckWhoseTemplateHasTwoContainersFailsWithAReason() {
    AegisNodeHealthCheck check = TestChecks.nodeCheck("two", "node-a");
    check.getSpec().template = TestChecks.twoContainers();
    send(EventTypes.APISERVER_ADD, client.resource(check).create(), false);

    AegisNodeHealthCheck failed = nodeCheck("two");
    assertThat(failed.getStatus().status).isEqualTo("Failed");
    assertThat(failed.getStatus().conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.reason).isEqualTo("TemplateInvalid");
              assertThat(c.message)
                  .isEqualTo(
                      "spec.template must have exactly one container, found 2 (check, sidecar)");
            });
    assertThat(pods()).isEmpty();
  }

  // --- A44 ---------------------------------------------------------------------------------

  @Test
  void A44_everyFiveMinutesOverTwoNodesRunsCompletesWithFailingItemsOnlyAndRunsAgain() {
    AegisClusterHealthCheck check =
        client.resource(TestChecks.clusterCheck("gpu-nodes", "*/5 * * * *")).create();
    Instant due = firstDue(check);
    CLOCK.set(due.minusSeconds(1));
    tick(true);
    assertThat(clusterCheck("gpu-nodes").getStatus().phase).isEqualTo("Pending");
    assertThat(nodeChecks()).isEmpty();

    CLOCK.set(due.plusSeconds(20));
    tick(true);
    tick(false);
    List<AegisNodeHealthCheck> firstRun = nodeChecks();
    assertThat(firstRun)
        .extracting(c -> c.getSpec().node)
        .as("gpu nodes only; node-d is cordoned")
        .containsExactly("node-a", "node-b");
    assertThat(firstRun)
        .allSatisfy(
            c ->
                assertThat(c.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(check.getMetadata().getUid()));
    assertThat(pods())
        .extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("node-a", "node-b");
    AegisClusterHealthCheck running = clusterCheck("gpu-nodes");
    assertThat(running.getStatus().phase).isEqualTo("Checking");
    assertThat(running.getStatus().lastScheduleTime).isEqualTo(Timestamps.format(due));
    assertThat(List.of(running.getStatus().desired, running.getStatus().active))
        .containsExactly(2, 2);

    finish(firstRun.get(0), TestChecks.FAILING_LOG, true);
    assertThat(clusterCheck("gpu-nodes").getStatus().active).isEqualTo(1);
    finish(firstRun.get(1), TestChecks.HEALTHY_LOG, false);

    AegisClusterHealthCheck completed = clusterCheck("gpu-nodes");
    assertThat(completed.getStatus().phase).isEqualTo("Completed");
    assertThat(
            List.of(
                completed.getStatus().succeeded,
                completed.getStatus().failed,
                completed.getStatus().active))
        .containsExactly(2, 0, 0);
    assertThat(completed.getStatus().completionTime)
        .isEqualTo(Timestamps.format(due.plusSeconds(20)));
    assertThat(completed.getStatus().checkResults.results)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name).isEqualTo("node-a");
              assertThat(n.resultInfos.get("gpu"))
                  .extracting(i -> i.item)
                  .containsExactly("check_gpu_count");
            });
    assertThat(nodeChecks()).as("the last run is kept for inspection").hasSize(2);

    CLOCK.set(due.plus(Duration.ofMinutes(4)));
    tick(true);
    assertThat(clusterCheck("gpu-nodes").getStatus())
        .usingRecursiveComparison()
        .isEqualTo(completed.getStatus());

    CLOCK.set(due.plus(Duration.ofMinutes(5)).plusSeconds(20));
    tick(false);
    AegisClusterHealthCheck second = clusterCheck("gpu-nodes");
    assertThat(second.getStatus().phase).isEqualTo("Checking");
    assertThat(second.getStatus().lastScheduleTime)
        .isEqualTo(Timestamps.format(due.plus(Duration.ofMinutes(5))));
    assertThat(second.getStatus().checkResults).isNull();
    List<AegisNodeHealthCheck> secondRun = nodeChecks();
    assertThat(secondRun).hasSize(2);
    assertThat(secondRun)
        .extracting(c -> c.getMetadata().getName())
        .doesNotContainAnyElementsOf(
            firstRun.stream().map(c -> c.getMetadata().getName()).toList());
    assertThat(pods())
        .hasSize(2)
        .extracting(p -> p.getMetadata().getOwnerReferences().get(0).getName())
        .containsExactlyInAnyOrderElementsOf(
            secondRun.stream().map(c -> c.getMetadata().getName()).toList());
  }

  // --- A45 ---------------------------------------------------------------------------------

  @Test
  void A45_aFailedCheckItemBecomesAHealthCheckAlertForThatNode() {
    AegisNodeHealthCheck check =
        client.resource(TestChecks.nodeCheck("gpu-node-a", "node-a")).create();
    send(EventTypes.APISERVER_ADD, check, true);
    int before = recorded().size();
    finish(check, TestChecks.FAILING_LOG, true);

    AegisAlert alert =
        alerts().stream()
            .filter(a -> a.getSpec().source == AlertSource.HealthCheck)
            .findFirst()
            .orElseThrow();
    assertThat(alerts()).hasSize(1);
    assertThat(alert.getMetadata().getName()).startsWith("healthcheck-gpucountmismatch-");
    assertThat(alert.getSpec().type).isEqualTo("GpuCountMismatch");
    assertThat(alert.getSpec().severity).isEqualTo("critical");
    assertThat(alert.getSpec().involvedObject.kind).isEqualTo("Node");
    assertThat(alert.getSpec().involvedObject.name).isEqualTo("node-a");
    assertThat(alert.getSpec().involvedObject.node).isEqualTo("node-a");
    assertThat(alert.getSpec().details)
        .containsEntry("module", "gpu")
        .containsEntry("item", "check_gpu_count")
        .containsEntry("message", "expected 8 GPUs, found 7")
        .containsEntry("healthCheck", "monitoring/gpu-node-a");
    assertThat(alert.getMetadata().getLabels())
        .containsEntry(Labels.ALERT_SOURCE_TYPE, "HealthCheck")
        .containsEntry(Labels.ALERT_TYPE, "GpuCountMismatch")
        .containsEntry(Labels.NODE, "node-a");
    assertThat(alert.getStatus().status.name()).isEqualTo("Firing");
    assertThat(alert.getStatus().count).isEqualTo(1);

    List<InboundEvent> published = recorded().subList(before, recorded().size());
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.source()).isEqualTo("/aegis/healthcheck-cron");
              assertThat(e.subject()).isEqualTo("monitoring/" + alert.getMetadata().getName());
              AlertRecorded data = e.dataAs(AlertRecorded.class);
              assertThat(data.created()).isTrue();
              assertThat(data.alert().uid()).isEqualTo(alert.getMetadata().getUid());
              assertThat(data.type()).isEqualTo("GpuCountMismatch");
            });
    List<Event> nodeEvents = client.v1().events().inNamespace("default").list().getItems();
    assertThat(nodeEvents).extracting(Event::getReason).containsExactly("GpuCountMismatch");

    // match-rule found no rule; the next run that finds the same item keeps the open episode.
    markAlert(alert, ops -> ops.triggerStatus = TriggerStatus.RuleNotFound);
    AegisNodeHealthCheck again =
        client.resource(TestChecks.nodeCheck("gpu-node-a-2", "node-a")).create();
    send(EventTypes.APISERVER_ADD, again, false);
    finish(again, TestChecks.FAILING_LOG, false);
    assertThat(alerts()).hasSize(1);
    assertThat(recorded()).hasSize(before + 1);

    // Once its workflow finished, the episode is closed: the next finding opens a new one.
    markAlert(alert, ops -> ops.alertOpsStatus = OpsStatus.Succeeded);
    AegisNodeHealthCheck third =
        client.resource(TestChecks.nodeCheck("gpu-node-a-3", "node-a")).create();
    send(EventTypes.APISERVER_ADD, third, true);
    finish(third, TestChecks.FAILING_LOG, true);
    assertThat(alerts()).hasSize(2);
    assertThat(recorded()).hasSize(before + 2);
  }

  void markAlert(AegisAlert alert, java.util.function.Consumer<AlertOpsStatus> change) {
    new StatusWriter(client, CLOCK)
        .update(
            AegisAlert.class,
            NS,
            alert.getMetadata().getName(),
            (io.aegis.kernel.crd.AegisAlertStatus s) -> {
              if (s.opsStatus == null) {
                s.opsStatus = new AlertOpsStatus();
              }
              change.accept(s.opsStatus);
            });
  }

  // --- A33 ---------------------------------------------------------------------------------

  @Test
  void A33_everyEventTwiceAndTwiceConcurrentlyGivesTheSameStateAsOnce() throws Exception {
    AegisClusterHealthCheck check =
        client.resource(TestChecks.clusterCheck("gpu-nodes", "*/5 * * * *")).create();
    CLOCK.set(firstDue(check).plusSeconds(20));
    twiceConcurrently(() -> tick(true), () -> tick(false));
    tick(true);
    List<AegisNodeHealthCheck> children = nodeChecks();
    assertThat(children).hasSize(2);
    assertThat(pods()).hasSize(2);
    assertThat(clusterCheck("gpu-nodes").getStatus().desired).isEqualTo(2);

    for (AegisNodeHealthCheck child : children) {
      String pod = CheckPod.podName(child);
      KUBE.podLog(NS, pod, TestChecks.FAILING_LOG);
      Pod done = setPhase(pod, "Succeeded");
      CloudEventsHttp.Event event = KnativeEvents.apiServer(EventTypes.APISERVER_UPDATE, done);
      twiceConcurrently(() -> accepted(http.binary(event)), () -> accepted(http.structured(event)));
    }
    AegisClusterHealthCheck completed = clusterCheck("gpu-nodes");
    assertThat(completed.getStatus().phase).isEqualTo("Completed");
    assertThat(completed.getStatus().succeeded).isEqualTo(2);
    assertThat(completed.getStatus().checkResults.results).hasSize(2);
    assertThat(alerts())
        .as("one alert per node and failing item")
        .extracting(a -> a.getSpec().involvedObject.name)
        .containsExactlyInAnyOrder("node-a", "node-b");
    assertThat(client.v1().events().inNamespace("default").list().getItems()).hasSize(2);

    // The same events once more, one after the other: nothing is written.
    Function<HasMetadata, String> rv = o -> o.getMetadata().getResourceVersion();
    String clusterVersion = rv.apply(completed);
    List<String> childVersions = nodeChecks().stream().map(rv).toList();
    for (AegisNodeHealthCheck child : children) {
      Pod pod = client.pods().inNamespace(NS).withName(CheckPod.podName(child)).get();
      send(EventTypes.APISERVER_UPDATE, pod, true);
    }
    tick(false);
    assertThat(rv.apply(clusterCheck("gpu-nodes"))).isEqualTo(clusterVersion);
    assertThat(nodeChecks().stream().map(rv).toList()).isEqualTo(childVersions);
    assertThat(alerts()).hasSize(2);
  }

  static void twiceConcurrently(Runnable first, Runnable second) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> results =
          pool.invokeAll(
              List.<Callable<Object>>of(Executors.callable(first), Executors.callable(second)));
      for (Future<Object> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- contract ----------------------------------------------------------------------------

  @Test
  void pingsFromOtherSourcesAndEventsAboutOtherKindsAreAcknowledgedAndIgnored() {
    client.resource(TestChecks.nodeCheck("gpu-node-a", "node-a")).create();
    accepted(http.binary(KnativeEvents.ping("aegis-reconcile")));
    accepted(
        http.structured(
            KnativeEvents.apiServer(EventTypes.APISERVER_ADD, TestChecks.cpuNode("node-x"))));
    Pod unlabelled =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("web-1")
            .withNamespace(NS)
            .endMetadata()
            .build();
    accepted(http.binary(KnativeEvents.apiServer(EventTypes.APISERVER_UPDATE, unlabelled)));
    assertThat(pods()).isEmpty();
    assertThat(nodeCheck("gpu-node-a").getStatus()).isNull();
  }

  @Test
  void aPodEventWithoutAnObjectIsRejectedAsPoison() {
    CloudEventsHttp.Event event =
        KnativeEvents.apiServer(EventTypes.APISERVER_UPDATE, TestChecks.cpuNode("x"))
            .extension("kind", "Pod")
            .extension("apiversion", "v1")
            .data("{\"spec\":{}}");
    HttpResponse<String> response = http.binary(event);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
    assertThat(Json.tree(response.body().getBytes(), "answer").path("message").asText())
        .contains("data is not a namespaced Pod");
  }
}
