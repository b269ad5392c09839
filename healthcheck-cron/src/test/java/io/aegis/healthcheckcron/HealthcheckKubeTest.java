package io.aegis.healthcheckcron;

import static io.aegis.healthcheckcron.TestChecks.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** healthcheck-cron below the HTTP edge, against fabric8's mock API server (CRUD mode). */
class HealthcheckKubeTest {
  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();
  Harness h;

  @BeforeEach
  void setUp() {
    h = harness(HealthcheckCronProperties.defaults());
    kube.create(TestChecks.gpuNode("node-a"));
    kube.create(TestChecks.gpuNode("node-b"));
    kube.create(TestChecks.rules("gpu-rules", true));
  }

  Harness harness(HealthcheckCronProperties properties) {
    return new Harness(kube.client(), properties);
  }

  static HealthcheckCronProperties with(boolean nodeEvents, boolean keepLastRun) {
    var d = HealthcheckCronProperties.defaults().healthcheck();
    return new HealthcheckCronProperties(
        HealthcheckCronProperties.defaults().alert(),
        new HealthcheckCronProperties.Healthcheck(
            d.pingSource(),
            nodeEvents,
            d.createAlerts(),
            keepLastRun,
            d.timeZone(),
            d.nodeCheckTimeout(),
            d.logTailLines()),
        java.util.Map.of());
  }

  AegisNodeHealthCheck started(String name, String node) {
    kube.create(TestChecks.nodeCheck(name, node));
    h.ticker.tick();
    AegisNodeHealthCheck check = h.nodeCheck(name);
    assertThat(h.podOf(check)).as("check pod of " + name).isNotNull();
    return check;
  }

  static Condition condition(AegisNodeHealthCheck check) {
    assertThat(check.getStatus().conditions).hasSize(1);
    return check.getStatus().conditions.get(0);
  }

  /** Sets the clock to 20 s after the first due time of schedule "every 5 minutes". */
  Instant firstDue(AegisClusterHealthCheck check) {
    Instant created = Timestamps.parse(check.getMetadata().getCreationTimestamp()).orElseThrow();
    Instant due =
        Schedule.parse("*/5 * * * *").get(0).next(created.atZone(ZoneOffset.UTC)).toInstant();
    h.clock.set(due.plusSeconds(20));
    return due;
  }

  @Test
  void aFailedPodFailsTheCheckWithTheExitReasonAndKeepsItsResults() {
    AegisNodeHealthCheck check = started("gpu-node-a", "node-a");
    Pod pod = h.finishPod(check, "Failed", TestChecks.FAILING_LOG);
    h.events.podChanged(pod);

    AegisNodeHealthCheck failed = h.nodeCheck("gpu-node-a");
    assertThat(failed.getStatus().status).isEqualTo("Failed");
    assertThat(condition(failed).toString())
        .isEqualTo("Failed=True (CheckFailed: container check exited with code 1 (Error))");
    assertThat(failed.getStatus().results.get("gpu")).hasSize(2);
    assertThat(failed.getStatus().completionTime).isEqualTo("2025-03-14T09:30:00Z");
  }

  @Test
  void aSucceededPodWithoutResultsOrWithBrokenResultsFailsTheCheck() {
    AegisNodeHealthCheck missing = started("missing", "node-a");
    h.events.podChanged(h.finishPod(missing, "Succeeded", "checked everything, all fine\n"));
    assertThat(condition(h.nodeCheck("missing")).reason).isEqualTo("ResultsMissing");

    AegisNodeHealthCheck broken = started("broken", "node-b");
    h.events.podChanged(h.finishPod(broken, "Succeeded", "results:\n  gpu: [oops\n"));
    AegisNodeHealthCheck failed = h.nodeCheck("broken");
    assertThat(failed.getStatus().status).isEqualTo("Failed");
    assertThat(condition(failed).reason).isEqualTo("ResultsUnparseable");
    assertThat(condition(failed).message).startsWith("the results block is not valid YAML");
  }

  @Test
  void aSucceededPodWhoseLogCannotBeReadFailsTheCheck() {
    AegisNodeHealthCheck check = started("nolog", "node-a");
    h.events.podChanged(h.finishPod(check, "Succeeded", null));
    assertThat(condition(h.nodeCheck("nolog")).reason).isEqualTo("ResultsUnavailable");
  }

  @Test
  void aPodDeletedBeforeItFinishedFailsTheCheckAndIsNotRecreated() {
    AegisNodeHealthCheck check = started("gpu-node-a", "node-a");
    Pod pod = h.podOf(check);
    kube.client().resource(pod).delete();

    h.events.podChanged(pod);
    AegisNodeHealthCheck failed = h.nodeCheck("gpu-node-a");
    assertThat(failed.getStatus().status).isEqualTo("Failed");
    assertThat(condition(failed).reason).isEqualTo("PodDeleted");

    h.ticker.tick();
    assertThat(h.podOf(check)).isNull();
  }

  @Test
  void aLostDeleteEventIsMadeUpForByTheTick() {
    AegisNodeHealthCheck check = started("gpu-node-a", "node-a");
    kube.client().resource(h.podOf(check)).delete();
    h.ticker.tick();
    assertThat(condition(h.nodeCheck("gpu-node-a")).reason).isEqualTo("PodDeleted");
  }

  @Test
  void aCheckOfAnUnknownNodeFailsWithoutAPod() {
    kube.create(TestChecks.nodeCheck("ghost", "node-z"));
    h.ticker.tick();
    AegisNodeHealthCheck failed = h.nodeCheck("ghost");
    assertThat(condition(failed).toString())
        .isEqualTo("Failed=True (NodeNotFound: node node-z does not exist)");
    assertThat(kube.client().pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aHandMadeCheckThatNeverFinishesTimesOutAndItsPodIsRemoved() {
    AegisNodeHealthCheck check = started("stuck", "node-a");
    h.clock.advance(Duration.ofMinutes(59));
    h.ticker.tick();
    assertThat(h.nodeCheck("stuck").getStatus().status).isEqualTo("Pending");
    h.clock.advance(Duration.ofMinutes(2));
    h.ticker.tick();
    assertThat(condition(h.nodeCheck("stuck")).toString())
        .isEqualTo("Failed=True (TimedOut: did not finish within 1h)");
    assertThat(h.podOf(check)).isNull();
  }

  @Test
  void nodeEventsAreOnePerFailingItemAndNotDuplicatedByRedelivery() {
    h = harness(with(true, true));
    AegisNodeHealthCheck check = started("gpu-node-a", "node-a");
    Pod done = h.finishPod(check, "Succeeded", TestChecks.FAILING_LOG);
    h.events.podChanged(done);
    h.events.podChanged(done);

    List<Event> events = kube.client().v1().events().inNamespace("default").list().getItems();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("GpuCountMismatch");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("node-a");
              assertThat(e.getInvolvedObject().getUid())
                  .isEqualTo(kube.client().nodes().withName("node-a").get().getMetadata().getUid());
              assertThat(e.getMessage())
                  .isEqualTo(
                      "[gpu/check_gpu_count] expected 8 GPUs, found 7 (level critical) -"
                          + " AegisNodeHealthCheck monitoring/gpu-node-a");
            });
  }

  @Test
  void aRunPastItsTimeoutFailsItsUnfinishedNodeChecks() {
    AegisClusterHealthCheck check =
        kube.create(TestChecks.clusterCheck("gpu-nodes", "*/5 * * * *"));
    firstDue(check);
    h.ticker.tick();
    List<AegisNodeHealthCheck> children = h.nodeChecks();
    assertThat(children).hasSize(2);
    h.events.podChanged(h.finishPod(children.get(0), "Succeeded", TestChecks.HEALTHY_LOG));

    h.clock.advance(Duration.ofSeconds(601));
    h.ticker.tick();

    AegisClusterHealthCheck failed = h.clusterCheck("gpu-nodes");
    assertThat(failed.getStatus().phase).isEqualTo("Failed");
    assertThat(List.of(failed.getStatus().succeeded, failed.getStatus().failed))
        .containsExactly(1, 1);
    assertThat(failed.getStatus().conditions)
        .extracting(Condition::toString)
        .containsExactly("Failed=True (TimedOut: 1 of 2 node checks did not finish within 600s)");
    AegisNodeHealthCheck late = h.nodeCheck(children.get(1).getMetadata().getName());
    assertThat(condition(late).reason).isEqualTo("TimedOut");
    assertThat(h.podOf(late)).isNull();
  }

  @Test
  void aRunWithoutEligibleNodesFailsOncePerScheduleTime() {
    AegisClusterHealthCheck check = TestChecks.clusterCheck("ib-nodes", "*/5 * * * *");
    check.getSpec().template.getSpec().getNodeSelector().put("ib", "true");
    check = kube.create(check);
    Instant due = firstDue(check);
    h.ticker.tick();
    h.ticker.tick();
    AegisClusterHealthCheck failed = h.clusterCheck("ib-nodes");
    assertThat(failed.getStatus().phase).isEqualTo("Failed");
    assertThat(failed.getStatus().lastScheduleTime).isEqualTo(Timestamps.format(due));
    assertThat(failed.getStatus().conditions)
        .extracting(c -> c.reason)
        .containsExactly("NoNodesSelected");
    assertThat(h.nodeChecks()).isEmpty();
  }

  @Test
  void A43_aClusterCheckWithTwoContainersFailsWithoutCreatingNodeChecks() {
    AegisClusterHealthCheck check = TestChecks.clusterCheck("two", "");
    check.getSpec().template = TestChecks.twoContainers();
    kube.create(check);
    h.ticker.tick();
    AegisClusterHealthCheck failed = h.clusterCheck("two");
    assertThat(failed.getStatus().phase).isEqualTo("Failed");
    assertThat(failed.getStatus().conditions)
        .extracting(Condition::toString)
        .containsExactly(
            "Failed=True (TemplateInvalid: spec.template must have exactly one container, found 2"
                + " (check, sidecar))");
    assertThat(h.nodeChecks()).isEmpty();
  }

  @Test
  void anInvalidScheduleIsReportedAndClearedWhenFixed() {
    AegisClusterHealthCheck check = kube.create(TestChecks.clusterCheck("bad", "every 5 minutes"));
    firstDue(check);
    h.ticker.tick();
    AegisClusterHealthCheck bad = h.clusterCheck("bad");
    assertThat(bad.getStatus().phase).isEqualTo("Failed");
    assertThat(bad.getStatus().conditions)
        .extracting(c -> c.reason)
        .containsExactly("InvalidSchedule");

    bad.getSpec().schedule = "0 0 1 1 *";
    kube.client().resource(bad).update();
    h.ticker.tick();
    AegisClusterHealthCheck fixed = h.clusterCheck("bad");
    assertThat(fixed.getStatus().phase).isEqualTo("Pending");
    assertThat(fixed.getStatus().conditions).isEmpty();
  }

  @Test
  void anEmptyScheduleRunsOnceAndWithoutKeepLastRunChildrenGoWhenItCompletes() {
    h = harness(with(false, false));
    kube.create(TestChecks.clusterCheck("once", ""));
    h.clock.set(Instant.now().plusSeconds(5));
    h.ticker.tick();
    List<AegisNodeHealthCheck> children = h.nodeChecks();
    assertThat(children).hasSize(2);
    for (AegisNodeHealthCheck child : children) {
      h.events.podChanged(h.finishPod(child, "Succeeded", TestChecks.HEALTHY_LOG));
    }
    AegisClusterHealthCheck done = h.clusterCheck("once");
    assertThat(done.getStatus().phase).isEqualTo("Completed");
    assertThat(done.getStatus().checkResults.results).isEmpty();
    assertThat(h.nodeChecks()).isEmpty();
    assertThat(kube.client().pods().inNamespace(NS).list().getItems()).isEmpty();

    h.clock.advance(Duration.ofDays(1));
    h.ticker.tick();
    assertThat(h.nodeChecks()).isEmpty();
    assertThat(h.clusterCheck("once").getStatus().lastScheduleTime)
        .isEqualTo(done.getStatus().lastScheduleTime);
  }
}
