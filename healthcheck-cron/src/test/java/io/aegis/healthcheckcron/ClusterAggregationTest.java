package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisClusterHealthCheckStatus;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.kube.ConditionReasons;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAggregationTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:30:00Z"), ZoneOffset.UTC);

  static AegisNodeHealthCheck child(String node, String state, String log) {
    AegisNodeHealthCheck c = TestChecks.nodeCheck("c-" + node, node);
    AegisNodeHealthCheckStatus s = new AegisNodeHealthCheckStatus();
    s.status = state;
    if (log != null) {
      s.results = ResultsParser.parse(log).results();
    }
    c.setStatus(s);
    return c;
  }

  @Test
  void runningChildrenKeepTheRunOpen() {
    var outcome =
        ClusterAggregation.of(
            List.of(
                child("a", CheckVocabulary.SUCCEEDED, TestChecks.FAILING_LOG),
                child("b", CheckVocabulary.CHECKING, null)),
            2);
    assertThat(outcome.finished()).isFalse();
    AegisClusterHealthCheckStatus s = new AegisClusterHealthCheckStatus();
    s.phase = CheckVocabulary.CHECKING;
    ClusterAggregation.apply(s, outcome, 600, CLOCK);
    assertThat(s.phase).isEqualTo(CheckVocabulary.CHECKING);
    assertThat(List.of(s.desired, s.active, s.succeeded, s.failed)).containsExactly(2, 1, 1, 0);
    assertThat(s.checkResults).isNull();
  }

  @Test
  void A44_finishedRunIsCompletedWithOnlyTheFailingItems() {
    var outcome =
        ClusterAggregation.of(
            List.of(
                child("b", CheckVocabulary.SUCCEEDED, TestChecks.HEALTHY_LOG),
                child("a", CheckVocabulary.SUCCEEDED, TestChecks.FAILING_LOG)),
            2);
    AegisClusterHealthCheckStatus s = new AegisClusterHealthCheckStatus();
    s.phase = CheckVocabulary.CHECKING;
    ClusterAggregation.apply(s, outcome, 600, CLOCK);
    assertThat(s.phase).isEqualTo(CheckVocabulary.COMPLETED);
    assertThat(s.completionTime).isEqualTo("2025-03-14T09:30:00Z");
    assertThat(s.checkResults.checkType).isEqualTo("Node");
    assertThat(s.checkResults.results)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name).isEqualTo("a");
              assertThat(n.resultInfos).containsOnlyKeys("gpu");
              assertThat(n.resultInfos.get("gpu"))
                  .extracting(i -> i.item)
                  .containsExactly("check_gpu_count");
            });
    assertThat(s.conditions)
        .extracting(Condition::toString)
        .containsExactly(
            "Complete=True (CheckCompleted: 2 node checks: 2 succeeded, 0 failed; 1 failing items"
                + " on 1 nodes)");
  }

  @Test
  void timedOutChildrenFailTheRunAndDeletedOnesCountAsFailed() {
    AegisNodeHealthCheck late = child("b", CheckVocabulary.FAILED, null);
    late.getStatus()
        .conditions
        .add(new Condition("Failed", "True", ConditionReasons.TIMED_OUT, "late", null));
    var outcome =
        ClusterAggregation.of(
            List.of(child("a", CheckVocabulary.SUCCEEDED, TestChecks.HEALTHY_LOG), late), 3);
    assertThat(outcome.failed()).isEqualTo(2);
    assertThat(outcome.missing()).isEqualTo(1);
    AegisClusterHealthCheckStatus s = new AegisClusterHealthCheckStatus();
    s.phase = CheckVocabulary.CHECKING;
    ClusterAggregation.apply(s, outcome, 600, CLOCK);
    assertThat(s.phase).isEqualTo(CheckVocabulary.FAILED);
    assertThat(s.conditions)
        .extracting(Condition::toString)
        .containsExactly("Failed=True (TimedOut: 1 of 3 node checks did not finish within 600s)");
  }
}
