package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisClusterHealthCheckSpec;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;

/** Builders of health-check objects for tests: a GPU-node check, as in docs/health-checks.md. */
final class TestChecks {
  static final String NS = "monitoring";
  static final String GPU_LABEL = "nvidia.com/gpu.present";
  static final String RULES_LABEL = "aegis.io/check-rules";
  static final String CONTAINER = "check";

  /** A log whose last results block has one failing item (gpu/check_gpu_count). */
  static final String FAILING_LOG =
      """
      running 2 gpu checks from /nodecheck/config/gpu-rules
      results:
        gpu:
        - item: check_gpu_count
          condition: GpuCountMismatch
          level: critical
          status: true
          message: expected 8 GPUs, found 7
        - item: check_xid
          condition: GpuXidError
          level: warning
          status: false
          message: no XID errors in dmesg
      """;

  /** A log whose results are all healthy. */
  static final String HEALTHY_LOG =
      """
      running 2 gpu checks from /nodecheck/config/gpu-rules
      results:
        gpu:
        - item: check_gpu_count
          condition: GpuCountMismatch
          level: critical
          status: false
          message: 8 GPUs
        - item: check_xid
          condition: GpuXidError
          level: warning
          status: false
          message: no XID errors in dmesg
      """;

  static Node gpuNode(String name) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(GPU_LABEL, "true")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .build();
  }

  static Node cpuNode(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static Node cordonedGpuNode(String name) {
    Node node = gpuNode(name);
    node.getSpec()
        .getTaints()
        .add(
            new TaintBuilder()
                .withKey("node.kubernetes.io/unschedulable")
                .withEffect("NoSchedule")
                .build());
    return node;
  }

  static ConfigMap rules(String name, boolean selected) {
    ConfigMapBuilder b =
        new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata();
    if (selected) {
      b.editMetadata().addToLabels(RULES_LABEL, "gpu").endMetadata();
    }
    return b.addToData("rules.yaml", "rules:\n- module: gpu\n  item: check_gpu_count\n").build();
  }

  /** The check pod template: one container, selecting GPU nodes. */
  static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "gpu-check")
        .endMetadata()
        .withNewSpec()
        .addToNodeSelector(GPU_LABEL, "true")
        .addNewToleration()
        .withKey("nvidia.com/gpu")
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .endToleration()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage("registry.example.com/gpu-check:1.4")
        .withCommand("/bin/sh", "-c", "/opt/check/run.sh /nodecheck/config")
        .endContainer()
        .endSpec()
        .build();
  }

  static PodTemplateSpec twoContainers() {
    PodTemplateSpec t = template();
    t.getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("sidecar")
                .withImage("busybox")
                .build());
    return t;
  }

  static AegisNodeHealthCheck nodeCheck(String name, String node) {
    AegisNodeHealthCheck check = new AegisNodeHealthCheck();
    check.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AegisNodeHealthCheckSpec spec = new AegisNodeHealthCheckSpec();
    spec.node = node;
    spec.ruleConfigmapSelector =
        new LabelSelectorBuilder().addToMatchLabels(RULES_LABEL, "gpu").build();
    spec.template = template();
    check.setSpec(spec);
    return check;
  }

  static AegisClusterHealthCheck clusterCheck(String name, String schedule) {
    AegisClusterHealthCheck check = new AegisClusterHealthCheck();
    check.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AegisClusterHealthCheckSpec spec = new AegisClusterHealthCheckSpec();
    spec.schedule = schedule;
    spec.timeout = 600;
    spec.ruleConfigmapSelector =
        new LabelSelectorBuilder().addToMatchLabels(RULES_LABEL, "gpu").build();
    spec.template = template();
    check.setSpec(spec);
    return check;
  }

  private TestChecks() {}
}
