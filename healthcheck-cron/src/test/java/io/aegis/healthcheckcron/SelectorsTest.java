package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorsTest {
  @Test
  void nodeSelectorAndUntoleratedTaintsDecideEligibility() {
    PodSpec spec = TestChecks.template().getSpec();
    assertThat(Selectors.eligible(TestChecks.gpuNode("a"), spec)).isTrue();
    assertThat(Selectors.eligible(TestChecks.cpuNode("c"), spec)).isFalse();
    assertThat(Selectors.eligible(TestChecks.cordonedGpuNode("d"), spec))
        .as("cordoned: node.kubernetes.io/unschedulable:NoSchedule is not tolerated")
        .isFalse();
    Node gpuTainted = TestChecks.gpuNode("e");
    gpuTainted
        .getSpec()
        .getTaints()
        .add(
            new TaintBuilder()
                .withKey("nvidia.com/gpu")
                .withValue("present")
                .withEffect("NoSchedule")
                .build());
    gpuTainted
        .getSpec()
        .getTaints()
        .add(new TaintBuilder().withKey("soft").withEffect("PreferNoSchedule").build());
    assertThat(Selectors.eligible(gpuTainted, spec))
        .as("tolerated by key + Exists; PreferNoSchedule never excludes")
        .isTrue();
  }

  @Test
  void tolerationsFollowKubernetesRules() {
    var noSchedule =
        new TaintBuilder().withKey("k").withValue("v").withEffect("NoSchedule").build();
    Toleration equal =
        new TolerationBuilder().withKey("k").withOperator("Equal").withValue("v").build();
    Toleration otherValue =
        new TolerationBuilder().withKey("k").withOperator("Equal").withValue("w").build();
    Toleration everything = new TolerationBuilder().withOperator("Exists").build();
    Toleration wrongEffect =
        new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoExecute").build();
    assertThat(Selectors.tolerates(equal, noSchedule)).isTrue();
    assertThat(Selectors.tolerates(otherValue, noSchedule)).isFalse();
    assertThat(Selectors.tolerates(everything, noSchedule)).isTrue();
    assertThat(Selectors.tolerates(wrongEffect, noSchedule)).isFalse();
  }

  @Test
  void requiredNodeAffinityIsHonoured() {
    PodSpec spec = TestChecks.template().getSpec();
    spec.setNodeSelector(null);
    spec.setAffinity(
        new io.fabric8.kubernetes.api.model.AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .withMatchExpressions(
                new NodeSelectorRequirementBuilder()
                    .withKey(TestChecks.GPU_LABEL)
                    .withOperator("In")
                    .withValues("true")
                    .build())
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build());
    assertThat(Selectors.eligible(TestChecks.gpuNode("a"), spec)).isTrue();
    assertThat(Selectors.eligible(TestChecks.cpuNode("b"), spec)).isFalse();
  }

  @Test
  void labelSelectorsSupportSetBasedExpressionsAndNullMeansAll() {
    var selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("team", "hpc")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("gpu", "ib")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("disabled")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    assertThat(Selectors.matches(selector, Map.of("team", "hpc", "tier", "ib"))).isTrue();
    assertThat(Selectors.matches(selector, Map.of("team", "hpc", "tier", "cpu"))).isFalse();
    assertThat(Selectors.matches(selector, Map.of("team", "hpc", "tier", "ib", "disabled", "1")))
        .isFalse();
    assertThat(Selectors.matches(null, Map.of())).isTrue();
  }
}
