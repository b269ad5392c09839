package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.kube.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckPodTest {
  static AegisNodeHealthCheck stored(AegisNodeHealthCheck check) {
    check.getMetadata().setUid("4c1c7a3e-0000-4000-8000-000000000001");
    return check;
  }

  @Test
  void A43_aTemplateWithTwoContainersIsRejectedWithTheReason() {
    AegisNodeHealthCheck check = TestChecks.nodeCheck("gpu-node-a", "node-a");
    check.getSpec().template = TestChecks.twoContainers();
    assertThat(CheckPod.problem(check.getSpec()))
        .contains("spec.template must have exactly one container, found 2 (check, sidecar)");
  }

  @Test
  void aCheckWithoutNodeOrTemplateCannotRun() {
    AegisNodeHealthCheck check = TestChecks.nodeCheck("x", "");
    assertThat(CheckPod.problem(check.getSpec())).contains("spec.node is empty");
    check.getSpec().node = "node-a";
    check.getSpec().template = null;
    assertThat(CheckPod.problem(check.getSpec())).contains("spec.template.spec is missing");
  }

  @Test
  void A42_thePodRunsOnTheNodeWithEveryRuleConfigMapMountedUnderNodecheckConfig() {
    AegisNodeHealthCheck check = stored(TestChecks.nodeCheck("gpu-node-a", "node-a"));
    Pod pod = CheckPod.build(check, List.of("gpu-rules", "ib-rules"));

    assertThat(pod.getMetadata().getName())
        .isEqualTo(CheckPod.podName(check))
        .startsWith("gpu-node-a-");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo(TestChecks.NS);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.HEALTH_CHECK, "gpu-node-a")
        .containsEntry("app", "gpu-check")
        .containsEntry(Labels.NODE, "node-a");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("AegisNodeHealthCheck");
              assertThat(o.getName()).isEqualTo("gpu-node-a");
              assertThat(o.getController()).isTrue();
            });
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getVolumes())
        .extracting(v -> v.getName() + "=" + v.getConfigMap().getName())
        .containsExactly("volume-gpu-rules=gpu-rules", "volume-ib-rules=ib-rules");
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName() + "@" + m.getMountPath() + (m.getReadOnly() ? " ro" : ""))
        .containsExactly(
            "volume-gpu-rules@/nodecheck/config/gpu-rules ro",
            "volume-ib-rules@/nodecheck/config/ib-rules ro");
    assertThat(check.getSpec().template.getSpec().getVolumes())
        .as("the check's own template is not modified")
        .isEmpty();
  }

  @Test
  void podNamesAndVolumeNamesAreValidAndDeterministic() {
    AegisNodeHealthCheck check =
        stored(
            TestChecks.nodeCheck(
                "a-very-long-cluster-check-name-for-gpu-nodes-in-rack-17-node-a-x2b4k", "n"));
    assertThat(CheckPod.podName(check))
        .hasSizeLessThanOrEqualTo(63)
        .isEqualTo(CheckPod.podName(check));
    String longCm = "x".repeat(60);
    assertThat(CheckPod.volumeName(longCm)).hasSizeLessThanOrEqualTo(63).startsWith("volume-x");
  }
}
