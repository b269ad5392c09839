package io.aegis.diagnose.analyzer;

import static io.aegis.diagnose.Fixtures.events;
import static io.aegis.diagnose.Fixtures.node;
import static io.aegis.diagnose.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeAnalyzerTest {
  final NodeAnalyzer analyzer = new NodeAnalyzer(20);

  @Test
  void notReadyNodeFailsOnReadyAndListsWarningEventsOnly() {
    Analysis a =
        analyzer.analyze(
            node("node/not-ready.yaml"), events("node/not-ready-events.yaml"), List.of());

    assertThat(a.health()).isEqualTo(Analysis.Health.Unhealthy);
    // Pressure conditions are Unknown only because the kubelet is gone: not reported twice.
    assertThat(a.failures())
        .containsExactly(
            "condition Ready is False (KubeletNotReady): container runtime network not ready:"
                + " NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns"
                + " error: cni plugin not initialized since 2025-05-19T08:00:30Z");
    assertThat(a.warnings())
        .containsExactly(
            "Warning ContainerGCFailed (x12, last 2025-05-19T08:02:10Z): rpc error: code ="
                + " Unavailable desc = connection error: desc = \"transport: Error while dialing:"
                + " dial unix /run/containerd/containerd.sock: connect: connection refused\"");
    assertThat(NodeAnalyzer.ready(node("node/not-ready.yaml"))).isFalse();
  }

  @Test
  void pressureAndDetectorConditionsAreFailuresCordonAndTaintsAreWarnings() {
    Analysis a = analyzer.analyze(node("node/pressure-cordoned.yaml"), List.of(), List.of());

    assertThat(a.failures())
        .containsExactly(
            "condition DiskPressure is True (KubeletHasDiskPressure): kubelet has disk pressure",
            "condition KernelDeadlock is True (DockerHung): kernel: INFO: task docker:20744 blocked"
                + " for more than 120 seconds.");
    assertThat(a.at(Finding.Level.FAILURE))
        .extracting(Finding::type)
        .containsExactly(FindingType.NODE_PRESSURE, FindingType.NODE_CONDITION);
    assertThat(a.warnings())
        .containsExactly(
            "node is cordoned (spec.unschedulable=true): no new pods are scheduled on it",
            "node has taint aegis.io/xid=79:NoExecute (pods without a matching toleration are"
                + " evicted)");
  }

  @Test
  void healthyNodeWithCollectorOutputIsHealthyWithInfos() {
    List<String> sections = CollectorOutput.sections(text("node/collector.log"));

    Analysis a = analyzer.analyze(node("node/healthy.yaml"), List.of(), sections);

    assertThat(a.health()).isEqualTo(Analysis.Health.Healthy);
    assertThat(a.failures()).isEmpty();
    assertThat(a.infos())
        .containsExactly(
            "[kernel]\n"
                + "- [Fri May 30 05:41:33 2025] NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, GPU has"
                + " fallen off the bus.\n"
                + "- [Fri May 30 05:42:33 2025] IPVS: rr: TCP 172.17.115.192:443 - no destination"
                + " available",
            "[gpfs.health]\n- <no data>",
            "[gpfs.log]\n- [SKIPPED] mmfs.log.latest not found");
  }

  @Test
  void nodeWithoutReadyConditionIsUnknown() {
    Analysis a =
        analyzer.analyze(
            new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata()
                .withName("n")
                .endMetadata()
                .build(),
            List.of(),
            List.of());

    assertThat(a.health()).isEqualTo(Analysis.Health.Unknown);
    assertThat(a.warnings()).containsExactly("node reports no Ready condition");
  }
}
