package io.aegis.diagnose;

import static io.aegis.diagnose.Fixtures.events;
import static io.aegis.diagnose.Fixtures.text;
import static io.aegis.kernel.testing.CloudEventsHttp.looksLikeCloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.diagnose.kube.ClusterReader;
import io.aegis.diagnose.kube.CollectorPod;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.FakeOpenAiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The diagnose function over real HTTP: ApiServerSource-shaped CloudEvents (binary and structured
 * mode) in, AegisDiagnosis status out, against fabric8's mock API server and a fake
 * OpenAI-compatible server. Each test works in its own namespace.
 */
@SpringBootTest(
    classes = DiagnoseApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "aegis.ai.api-key=" + FakeOpenAiServer.API_KEY,
      "aegis.ai.cache-ttl=0s",
      "aegis.ai.max-retries=0",
      "aegis.diagnose.log-max-lines=10",
      "aegis.diagnose.collector.enabled=true",
      "aegis.diagnose.collector.poll-interval=50ms",
      "aegis.diagnose.sweep.pending-after=0s",
      "aegis.sink.url=",
      "logging.level.io.fabric8.mockwebserver=WARN"
    })
@Import(DiagnoseIT.Cluster.class)
class DiagnoseIT {
  static final String LLM_ANSWER =
      "Healthy: No\nError: the API cannot log in to its database\nAnalysis: exit code 1 after"
          + " 'password authentication failed'\nSolution: 1. fix the password in the Secret";
  static final String BEARER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

  static final MockCluster cluster = MockCluster.start();
  static final FakeOpenAiServer llm = FakeOpenAiServer.start().respondWith(r -> LLM_ANSWER);

  @TestConfiguration
  static class Cluster {
    @Bean
    KubernetesClient kubernetesClient() {
      return cluster.newClient();
    }
  }

  @DynamicPropertySource
  static void llm(DynamicPropertyRegistry registry) {
    registry.add("aegis.ai.base-url", llm::baseUrl);
  }

  @AfterAll
  static void stop() {
    llm.close();
    cluster.close();
  }

  @LocalServerPort int port;
  final KubernetesClient kube = cluster.client();

  @Test
  void A36_missingPodFailsSayingThePodWasNotFound() {
    AegisDiagnosis d = create(TestDiagnoses.of("a36", "ghost", "Pod", "shop", "ghost-pod"));

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(s.errorResult).isEqualTo("pod shop/ghost-pod not found");
    assertThat(s.startTime).isNotNull();
    assertThat(s.completionTime).isNotNull();
    assertThat(s.conditions)
        .extracting(c -> c.type + "/" + c.reason)
        .containsExactly("Failed/ObjectNotFound");
  }

  @Test
  void A37_deploymentKindFailsAsUnsupported() {
    AegisDiagnosis d = create(TestDiagnoses.of("a37", "deploy", "Deployment", "shop", "api"));

    accepted(http().structured(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(s.errorResult).startsWith("unsupported kind Deployment");
    assertThat(s.conditions).extracting(c -> c.reason).containsExactly("UnsupportedKind");
  }

  @Test
  void A38_crashLoopPodIsUnhealthyWithTerminationLogsAndAnLlmExplanationFromARedactedPrompt() {
    createPod("a38", "pod/crashloop.yaml", "api", text("pod/crashloop.log"));
    createEvents("a38", "pod/crashloop-events.yaml");
    AegisDiagnosis d = create(TestDiagnoses.of("a38", "api", "Pod", "a38", "api-7d9f8b6c5-x2k4q"));
    int before = llm.requestCount();

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.result.status).isEqualTo("Unhealthy");
    assertThat(s.result.failures)
        .containsExactly(
            "container api is in CrashLoopBackOff (restarted 7 times); last termination reason"
                + " Error, exit code 1");
    assertThat(s.result.warnings).singleElement().asString().startsWith("Warning BackOff (x31, ");
    assertThat(s.result.infos)
        .singleElement()
        .asString()
        .startsWith("container api last 6 log lines:\n")
        .endsWith("FATAL cannot start: database unavailable")
        .doesNotContain(BEARER);
    assertThat(s.explain).isEqualTo(LLM_ANSWER);
    assertThat(s.llm.model).isEqualTo("gpt-4o-mini");
    assertThat(s.llm.cached).isFalse();
    assertThat(s.llm.inputTokens).isPositive();
    assertThat(llm.requestCount()).isEqualTo(before + 1);
    String prompt = String.join("\n", llm.lastRequest().messageContents());
    assertThat(prompt)
        .contains("last termination reason Error, exit code 1")
        .contains("FATAL cannot start: database unavailable")
        .doesNotContain(BEARER);
    assertThat(s.conditions)
        .extracting(c -> c.type + "/" + c.reason)
        .containsExactly("Complete/Diagnosed");
  }

  @Test
  void A39_healthyRunningPodCompletesHealthyWithoutAnLlmCall() {
    createPod("a39", "pod/healthy.yaml", null, null);
    AegisDiagnosis d = create(TestDiagnoses.of("a39", "web", "Pod", "a39", "web-0"));
    int before = llm.requestCount();

    accepted(http().structured(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.result.status).isEqualTo("Healthy");
    assertThat(s.result.failures).isEmpty();
    assertThat(s.explain).isEqualTo("Healthy: Yes\nNo problems found.");
    assertThat(s.llm).isNull();
    assertThat(llm.requestCount()).isEqualTo(before);
    assertThat(cluster.requests()).noneMatch(r -> r.contains("/pods/web-0/log"));
  }

  @Test
  void A40_notReadyNodeListsTheConditionAsFailureAndTheEventAsWarning() {
    kube.resource(Fixtures.node("node/not-ready.yaml")).create();
    createEvents("default", "node/not-ready-events.yaml");
    AegisDiagnosis d = create(TestDiagnoses.of("a40", "node", "Node", null, "gpu-node-17"));

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.result.status).isEqualTo("Unhealthy");
    assertThat(s.result.failures)
        .singleElement()
        .asString()
        .startsWith(
            "condition Ready is False (KubeletNotReady): container runtime network not ready");
    assertThat(s.result.warnings)
        .containsExactly(
            "Warning ContainerGCFailed (x12, last 2025-05-19T08:02:10Z): rpc error: code ="
                + " Unavailable desc = connection error: desc = \"transport: Error while dialing:"
                + " dial unix /run/containerd/containerd.sock: connect: connection refused\"");
    // A NotReady node cannot run the collector pod.
    assertThat(kube.pods().inNamespace("a40").list().getItems()).isEmpty();
  }

  @Test
  void A41_failedPytorchJobReportsTheJobFailureAndTheMasterPodFindings() {
    kube.genericKubernetesResources(ClusterReader.PYTORCHJOBS)
        .inNamespace("ml")
        .resource(Fixtures.generic("pytorchjob/failed.yaml"))
        .create();
    Fixtures.pods("pytorchjob/pods.yaml").forEach(p -> kube.resource(p).create());
    cluster.log("ml", "llama2-13b-ft-master-0", "pytorch", text("pytorchjob/master.log"));
    cluster.log("ml", "llama2-13b-ft-worker-2", "pytorch", "Killed");
    AegisDiagnosis d = create(TestDiagnoses.of("a41", "job", "PytorchJob", "ml", "llama2-13b-ft"));

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.result.status).isEqualTo("Unhealthy");
    assertThat(s.result.failures)
        .containsExactly(
            "Job failed: PyTorchJobFailed - PyTorchJob llama2-13b-ft is failed because 1 Master"
                + " replica(s) failed.",
            "master pod llama2-13b-ft-master-0: container pytorch terminated with reason Error,"
                + " exit code 1",
            "worker pod llama2-13b-ft-worker-2: container pytorch terminated with reason"
                + " OOMKilled, exit code 137 (memory limit 64Gi)");
    assertThat(s.result.infos)
        .anySatisfy(
            i ->
                assertThat(i)
                    .startsWith(
                        "master pod llama2-13b-ft-master-0: container pytorch last 5 log lines:")
                    .contains("NCCL error"));
    String prompt = llm.lastRequest().userMessage();
    assertThat(prompt)
        .contains("PyTorchJob: ml/llama2-13b-ft", "Status: Failed", "master 1/1, worker 3/3");
  }

  @Test
  void A33_theSameAddEventTwiceAndTwiceConcurrentlyDiagnosesOnce() {
    createPod("a33", "pod/crashloop.yaml", "api", text("pod/crashloop.log"));
    AegisDiagnosis once =
        create(TestDiagnoses.of("a33", "twice", "Pod", "a33", "api-7d9f8b6c5-x2k4q"));
    AegisDiagnosis concurrent =
        create(TestDiagnoses.of("a33", "concurrent", "Pod", "a33", "api-7d9f8b6c5-x2k4q"));
    int before = llm.requestCount();

    CloudEventsHttp.Event event = ApiServerEvents.add(once);
    accepted(http().binary(event));
    AegisDiagnosis afterFirst = read(once);
    accepted(http().binary(event));
    accepted(http().structured(ApiServerEvents.add(once)));

    assertThat(read(once).getMetadata().getResourceVersion())
        .isEqualTo(afterFirst.getMetadata().getResourceVersion());
    assertThat(llm.requestCount()).isEqualTo(before + 1);

    CloudEventsHttp.Event second = ApiServerEvents.add(concurrent);
    CompletableFuture<HttpResponse<String>> a =
        CompletableFuture.supplyAsync(() -> http().binary(second));
    CompletableFuture<HttpResponse<String>> b =
        CompletableFuture.supplyAsync(() -> http().binary(second));
    accepted(a.join());
    accepted(b.join());

    AegisDiagnosisStatus s = status(concurrent);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.conditions).extracting(c -> c.type).containsExactly("Complete");
    // With the explanation cache off, a second run would have asked the LLM again.
    assertThat(llm.requestCount()).isEqualTo(before + 2);
  }

  @Test
  void nodeCollectorRunsPinnedToTheNodeOwnedByTheDiagnosisAndIsDeletedAfterwards() {
    kube.resource(Fixtures.node("node/healthy.yaml")).create();
    AegisDiagnosis d = create(TestDiagnoses.of("collect", "node", "Node", null, "cpu-node-1"));

    CompletableFuture<HttpResponse<String>> response =
        CompletableFuture.supplyAsync(() -> http().binary(ApiServerEvents.add(d)));
    Pod pod =
        await().atMost(Duration.ofSeconds(10)).until(() -> collectorPod("collect"), p -> p != null);

    assertThat(pod.getSpec().getNodeName()).isEqualTo("cpu-node-1");
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
    assertThat(pod.getSpec().getHostPID()).isTrue();
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("AegisDiagnosis");
              assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    cluster.log("collect", pod.getMetadata().getName(), "collector", text("node/collector.log"));
    pod.setStatus(new PodStatusBuilder().withPhase("Succeeded").build());
    kube.pods().resource(pod).updateStatus();
    accepted(response.join());

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Completed");
    assertThat(s.result.status).isEqualTo("Healthy");
    assertThat(s.result.infos).hasSize(3).first().asString().startsWith("[kernel]\n- [Fri May 30");
    assertThat(collectorPod("collect")).isNull();
  }

  @Test
  void diagnosisPastItsTimeoutFailsAndItsCollectorPodIsDeleted() {
    kube.resource(
            new io.fabric8.kubernetes.api.model.NodeBuilder(Fixtures.node("node/healthy.yaml"))
                .editMetadata()
                .withName("cpu-node-2")
                .endMetadata()
                .build())
        .create();
    AegisDiagnosis d =
        create(
            TestDiagnoses.withTimeout(
                TestDiagnoses.of("timeout", "node", "Node", null, "cpu-node-2"), "1s"));

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(s.errorResult).isEqualTo("timed out after 1s");
    assertThat(s.conditions).extracting(c -> c.reason).containsExactly("TimedOut");
    await().atMost(Duration.ofSeconds(5)).until(() -> collectorPod("timeout") == null);
  }

  @Test
  void diagnosisLeftDiagnosingPastItsTimeoutIsFailedAsAbandoned() {
    AegisDiagnosis d =
        create(
            TestDiagnoses.withTimeout(
                TestDiagnoses.of("abandoned", "pod", "Pod", "shop", "x"), "1m"));
    kube.resources(AegisDiagnosis.class)
        .inNamespace("abandoned")
        .withName("pod")
        .editStatus(
            x -> {
              x.setStatus(new AegisDiagnosisStatus());
              x.getStatus().phase = "Diagnosing";
              x.getStatus().startTime = Instant.now().minus(Duration.ofMinutes(10)).toString();
              return x;
            });

    accepted(http().binary(ApiServerEvents.add(d)));

    AegisDiagnosisStatus s = status(d);
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(s.errorResult).startsWith("timed out after 1m0s: the diagnosis was left Diagnosing");
  }

  @Test
  void reconcilePingStartsADiagnosisWhoseAddEventWasLostAndOtherPingsDoNothing() {
    createPod("sweep", "pod/healthy.yaml", null, null);
    AegisDiagnosis d = create(TestDiagnoses.of("sweep", "lost", "Pod", "sweep", "web-0"));

    accepted(http().binary(ApiServerEvents.ping("aegis-healthcheck")));
    assertThat(read(d).getStatus()).isNull();

    accepted(http().binary(ApiServerEvents.ping("aegis-reconcile")));
    assertThat(status(d).phase).isEqualTo("Completed");
  }

  @Test
  void apiServerFailureDuringTheAnalysisAnswers503AndReleasesTheDiagnosisForTheRetry() {
    createPod("flaky", "pod/healthy.yaml", null, null);
    AegisDiagnosis d = create(TestDiagnoses.of("flaky", "pod", "Pod", "flaky", "web-0"));
    CloudEventsHttp.Event event = ApiServerEvents.add(d);
    cluster.fail("/namespaces/flaky/pods/web-0", 503);
    HttpResponse<String> failed;
    try {
      failed = http().binary(event);
    } finally {
      cluster.heal();
    }

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(looksLikeCloudEvent(failed)).isFalse();
    assertThat(status(d).phase).isEqualTo("Pending");
    assertThat(status(d).startTime).isNull();

    accepted(http().binary(event));
    assertThat(status(d).phase).isEqualTo("Completed");
  }

  @Test
  void invalidTimeoutFailsTheDiagnosisWithTheReason() {
    AegisDiagnosis d =
        create(
            TestDiagnoses.withTimeout(
                TestDiagnoses.of("invalid", "pod", "Pod", "shop", "x"), "5 minutes"));

    accepted(http().binary(ApiServerEvents.add(d)));

    assertThat(status(d).errorResult)
        .startsWith("invalid spec.timeout: invalid duration '5 minutes'");
  }

  @Test
  void addEventsOfOtherKindsAreAcceptedAndIgnored() {
    AegisDiagnosis d = create(TestDiagnoses.of("other", "pod", "Pod", "shop", "x"));
    CloudEventsHttp.Event event =
        ApiServerEvents.add(d)
            .extension("kind", "Workflow")
            .extension("apiversion", "argoproj.io/v1alpha1");

    accepted(http().binary(event));

    assertThat(read(d).getStatus()).isNull();
  }

  // ---- helpers ----

  private CloudEventsHttp http() {
    return CloudEventsHttp.to(port);
  }

  private static void accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(looksLikeCloudEvent(response)).isFalse();
  }

  private AegisDiagnosis create(AegisDiagnosis d) {
    return kube.resource(d).create();
  }

  private AegisDiagnosis read(HasMetadata d) {
    return kube.resources(AegisDiagnosis.class)
        .inNamespace(d.getMetadata().getNamespace())
        .withName(d.getMetadata().getName())
        .get();
  }

  private AegisDiagnosisStatus status(HasMetadata d) {
    AegisDiagnosisStatus s = read(d).getStatus();
    assertThat(s).as("status of " + d.getMetadata().getName()).isNotNull();
    return s;
  }

  private void createPod(String namespace, String fixture, String container, String log) {
    Pod pod = Fixtures.pod(fixture);
    pod.getMetadata().setNamespace(namespace);
    kube.resource(pod).create();
    if (container != null) {
      cluster.log(namespace, pod.getMetadata().getName(), container, log);
    }
  }

  private void createEvents(String namespace, String fixture) {
    for (Event e : events(fixture)) {
      e.getMetadata().setNamespace(namespace);
      if (e.getInvolvedObject().getNamespace() != null) {
        e.getInvolvedObject().setNamespace(namespace);
      }
      kube.resource(e).create();
    }
  }

  private Pod collectorPod(String namespace) {
    List<Pod> pods =
        kube.pods()
            .inNamespace(namespace)
            .withLabel(CollectorPod.COMPONENT_LABEL, CollectorPod.COMPONENT)
            .list()
            .getItems();
    return pods.isEmpty() ? null : pods.get(0);
  }

  @SuppressWarnings("unused")
  private static List<String> types(List<Condition> conditions) {
    return conditions.stream().map(c -> c.type).toList();
  }
}
