package io.aegis.diagnose.analyzer;

import static io.aegis.diagnose.Fixtures.events;
import static io.aegis.diagnose.Fixtures.pod;
import static io.aegis.diagnose.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.diagnose.analyzer.ContainerLog.LogRequest;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodAnalyzerTest {
  final PodAnalyzer analyzer = new PodAnalyzer(new LogFilter(List.of(), 3), 20);

  @Test
  void crashLoopNamesLastTerminationReasonAndExitCodeAndShowsLogTail() {
    Pod pod = pod("pod/crashloop.yaml");
    List<LogRequest> wanted = PodAnalyzer.logsWanted(pod);
    assertThat(wanted).containsExactly(new LogRequest("api", false));

    Analysis a =
        analyzer.analyze(
            pod,
            events("pod/crashloop-events.yaml"),
            List.of(ContainerLog.of(wanted.get(0), text("pod/crashloop.log"))));

    assertThat(a.health()).isEqualTo(Analysis.Health.Unhealthy);
    assertThat(a.failures())
        .containsExactly(
            "container api is in CrashLoopBackOff (restarted 7 times); last termination reason"
                + " Error, exit code 1");
    assertThat(a.warnings())
        .containsExactly(
            "Warning BackOff (x31, last 2025-05-19T08:03:27Z): Back-off restarting failed container"
                + " api in pod api-7d9f8b6c5-x2k4q_shop(6a1f4c1e-2d7b-4a43-9d0e-1b5f0c3e9a11)");
    assertThat(a.infos())
        .containsExactly(
            "container api last 3 log lines:\n"
                + "2025-05-19T08:01:11Z INFO  connecting to postgres at db.shop.svc:5432\n"
                + "2025-05-19T08:01:12Z ERROR pq: password authentication failed for user \"api\"\n"
                + "2025-05-19T08:01:12Z FATAL cannot start: database unavailable");
    assertThat(a.at(Finding.Level.FAILURE))
        .extracting(Finding::type)
        .containsExactly(FindingType.CRASH_LOOP);
  }

  @Test
  void healthyRunningPodHasNoFindingsAndWantsNoLogs() {
    Pod pod = pod("pod/healthy.yaml");

    Analysis a = analyzer.analyze(pod, List.of(), List.of());

    assertThat(PodAnalyzer.logsWanted(pod)).isEmpty();
    assertThat(a.health()).isEqualTo(Analysis.Health.Healthy);
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void unschedulableQuotesTheSchedulersMessage() {
    Analysis a = analyzer.analyze(pod("pod/unschedulable.yaml"), List.of(), List.of());

    assertThat(a.failures())
        .containsExactly(
            "pod cannot be scheduled: 0/12 nodes are available: 4 node(s) had untolerated taint"
                + " {nvidia.com/gpu-xid: 79}, 8 Insufficient nvidia.com/gpu. preemption: 0/12 nodes"
                + " are available: 12 No preemption victims found for incoming pod.");
    assertThat(a.findings()).extracting(Finding::type).containsExactly(FindingType.UNSCHEDULABLE);
  }

  @Test
  void imagePullErrorNamesImageAndRegistryMessage() {
    Analysis a = analyzer.analyze(pod("pod/image-pull.yaml"), List.of(), List.of());

    assertThat(a.failures()).hasSize(1);
    assertThat(a.failures().get(0))
        .startsWith(
            "container worker cannot pull image registry.example.com/shop/worker:1.9.9:"
                + " ImagePullBackOff: Back-off pulling image")
        .endsWith("not found");
  }

  @Test
  void oomKilledRestartedContainerIsAFailureWithItsMemoryLimitAndPreviousLogs() {
    Pod pod = pod("pod/oomkilled.yaml");

    Analysis a = analyzer.analyze(pod, List.of(), List.of());

    assertThat(PodAnalyzer.logsWanted(pod)).containsExactly(new LogRequest("redis", true));
    assertThat(a.failures())
        .containsExactly(
            "container redis was OOMKilled and restarted 3 times; last termination reason"
                + " OOMKilled, exit code 137 (memory limit 256Mi)");
    assertThat(a.findings()).extracting(Finding::type).containsExactly(FindingType.OOM_KILLED);
  }

  @Test
  void createContainerConfigErrorNamesTheMissingSecret() {
    Analysis a = analyzer.analyze(pod("pod/config-error.yaml"), List.of(), List.of());

    assertThat(a.failures())
        .containsExactly(
            "container billing cannot be created: CreateContainerConfigError: secret"
                + " \"billing-db\" not found");
  }

  @Test
  void failingInitContainerIsReportedWithItsExitCode() {
    Pod pod = pod("pod/init-failed.yaml");

    Analysis a = analyzer.analyze(pod, List.of(), List.of());

    assertThat(PodAnalyzer.logsWanted(pod)).containsExactly(new LogRequest("migrate", false));
    assertThat(a.failures())
        .containsExactly(
            "init container migrate is in CrashLoopBackOff (restarted 4 times); last termination"
                + " reason Error, exit code 2");
    assertThat(a.findings()).extracting(Finding::type).containsExactly(FindingType.INIT_FAILED);
  }

  @Test
  void evictedPodCarriesTheKubeletsMessage() {
    Analysis a = analyzer.analyze(pod("pod/evicted.yaml"), List.of(), List.of());

    assertThat(a.failures())
        .containsExactly(
            "pod was evicted: The node was low on resource: ephemeral-storage. Threshold quantity:"
                + " 10Gi, available: 8123456Ki. Container batch was using 25Gi, request is 0, has"
                + " larger consumption of ephemeral-storage.");
  }

  @Test
  void notReadyContainerQuotesTheLatestFailingProbe() {
    Analysis a =
        analyzer.analyze(pod("pod/not-ready.yaml"), events("pod/not-ready-events.yaml"), List.of());

    assertThat(a.failures())
        .containsExactly(
            "container gateway is running but not ready: Readiness probe failed: Get"
                + " \"http://10.244.1.17:8081/healthz\": dial tcp 10.244.1.17:8081: connect:"
                + " connection refused");
    assertThat(a.warnings()).singleElement().asString().startsWith("Warning Unhealthy (x120, ");
  }

  @Test
  void containerStuckCreatingQuotesTheMountFailure() {
    Analysis a =
        analyzer.analyze(pod("pod/creating.yaml"), events("pod/mount-events.yaml"), List.of());

    assertThat(a.failures())
        .containsExactly(
            "containers are stuck in ContainerCreating: FailedMount: MountVolume.SetUp failed for"
                + " volume \"data\" : nfs: mount to 10.0.0.9:/exports/db failed: connection timed"
                + " out");
    assertThat(a.findings().get(0).type()).isEqualTo(FindingType.VOLUME);
  }

  @Test
  void unreadableLogIsReportedNotFatal() {
    Pod pod = pod("pod/crashloop.yaml");
    LogRequest request = PodAnalyzer.logsWanted(pod).get(0);

    Analysis a =
        analyzer.analyze(
            pod,
            List.of(),
            List.of(ContainerLog.unavailable(request, "cannot read its log: HTTP 400")));

    assertThat(a.infos())
        .containsExactly("container api logs unavailable: cannot read its log: HTTP 400");
    assertThat(a.health()).isEqualTo(Analysis.Health.Unhealthy);
  }

  @Test
  void keywordsPutMatchingLinesFirstAndAreAPromptVariable() {
    PodAnalyzer withKeywords = new PodAnalyzer(new LogFilter(List.of("error", "FATAL"), 2), 20);
    Pod pod = pod("pod/crashloop.yaml");

    Analysis a =
        withKeywords.analyze(
            pod,
            List.of(),
            List.of(
                ContainerLog.of(PodAnalyzer.logsWanted(pod).get(0), text("pod/crashloop.log"))));

    assertThat(a.infos())
        .containsExactly(
            "container api log lines (matching error,fatal first):\n"
                + "2025-05-19T08:01:12Z ERROR pq: password authentication failed for user \"api\"\n"
                + "2025-05-19T08:01:12Z FATAL cannot start: database unavailable");
    assertThat(a.promptVariables()).containsEntry("Keywords", "error,fatal");
  }
}
