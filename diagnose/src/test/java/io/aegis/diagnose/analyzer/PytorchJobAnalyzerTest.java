package io.aegis.diagnose.analyzer;

import static io.aegis.diagnose.Fixtures.generic;
import static io.aegis.diagnose.Fixtures.pods;
import static io.aegis.diagnose.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.diagnose.analyzer.ContainerLog.LogRequest;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PytorchJobAnalyzerTest {
  final PodAnalyzer pods = new PodAnalyzer(new LogFilter(List.of(), 2), 20);
  final PytorchJobAnalyzer analyzer = new PytorchJobAnalyzer(20, 5);

  @Test
  void failedJobReportsItsReasonAndTheCrashedMasterAndAbnormalWorker() {
    GenericKubernetesResource job = generic("pytorchjob/failed.yaml");
    List<Pod> all = pods("pytorchjob/pods.yaml");

    PytorchJobAnalyzer.PodSelection selection = analyzer.select(job, all);
    assertThat(selection.master())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("llama2-13b-ft-master-0");
    assertThat(selection.abnormalWorkers())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("llama2-13b-ft-worker-2");
    assertThat(selection.healthyWorkers()).isEqualTo(2);

    Map<String, List<Finding>> findings = new LinkedHashMap<>();
    for (Pod pod : selection.all()) {
      List<ContainerLog> logs =
          PodAnalyzer.logsWanted(pod).stream()
              .map((LogRequest r) -> ContainerLog.of(r, text("pytorchjob/master.log")))
              .toList();
      findings.put(pod.getMetadata().getName(), pods.findings(pod, List.of(), logs));
    }
    Analysis a = analyzer.analyze(job, List.of(), selection, findings);

    assertThat(a.health()).isEqualTo(Analysis.Health.Unhealthy);
    assertThat(a.failures())
        .containsExactly(
            "Job failed: PyTorchJobFailed - PyTorchJob llama2-13b-ft is failed because 1 Master"
                + " replica(s) failed.",
            "master pod llama2-13b-ft-master-0: container pytorch terminated with reason Error,"
                + " exit code 1",
            "worker pod llama2-13b-ft-worker-2: container pytorch terminated with reason"
                + " OOMKilled, exit code 137 (memory limit 64Gi)");
    assertThat(a.infos())
        .contains(
            "Master replicas: 1 expected, 1 pods found (active 0, succeeded 0, failed 1)",
            "Worker replicas: 3 expected, 3 pods found (active 2, succeeded 0, failed 1)");
    assertThat(a.infos())
        .anySatisfy(
            i ->
                assertThat(i)
                    .startsWith(
                        "master pod llama2-13b-ft-master-0: container pytorch last 2 log lines:\n")
                    .contains("NCCL error"));
    assertThat(a.promptVariables())
        .containsEntry("JobStatus", "Failed")
        .containsEntry("MasterExpected", "1")
        .containsEntry("WorkerExpected", "3")
        .containsEntry("WorkerCreatedCount", "3");
    assertThat(a.promptVariables().get("MasterDiagnosis"))
        .startsWith("Errors:\ncontainer pytorch terminated");
    assertThat(a.promptVariables().get("WorkerDiagnosis"))
        .contains("Worker Pod llama2-13b-ft-worker-2 (Abnormal):")
        .endsWith("Other 2 worker pod(s) are healthy (Running and Ready, or Succeeded).");
  }

  @Test
  void conditionPriorityPrefersFailedOverRunningAndRestartingOverSucceeded() {
    assertThat(state(cond("Running", "True"), cond("Failed", "True"))).isEqualTo("Failed");
    assertThat(state(cond("Succeeded", "True"), cond("Restarting", "True")))
        .isEqualTo("Restarting");
    assertThat(state(cond("Created", "True"), cond("Suspended", "True"))).isEqualTo("Suspended");
    assertThat(state(cond("Created", "True"), cond("Running", "False"))).isEqualTo("Created");
  }

  @Test
  void succeededJobIsHealthyAndItsPodsAreNotAnalysed() {
    GenericKubernetesResource job = job(cond("Created", "True"), cond("Succeeded", "True"));

    PytorchJobAnalyzer.PodSelection selection = analyzer.select(job, pods("pytorchjob/pods.yaml"));
    Analysis a = analyzer.analyze(job, List.of(), selection, Map.of());

    assertThat(selection.all()).isEmpty();
    assertThat(a.health()).isEqualTo(Analysis.Health.Healthy);
    assertThat(a.infos()).contains("Job completed successfully.");
  }

  @Test
  void jobWithoutConditionsIsUnknownAndMissingMasterIsAWarning() {
    GenericKubernetesResource job = job();

    Analysis a = analyzer.analyze(job, List.of(), analyzer.select(job, List.of()), Map.of());

    assertThat(a.health()).isEqualTo(Analysis.Health.Unknown);
    assertThat(a.warnings()).first().isEqualTo("Job has no active condition");
    assertThat(a.warnings().get(1)).startsWith("no master pod found");
  }

  @Test
  void atMostMaxWorkersAbnormalWorkersAreChosen() {
    PytorchJobAnalyzer one = new PytorchJobAnalyzer(20, 1);
    List<Pod> all = new java.util.ArrayList<>(pods("pytorchjob/pods.yaml"));
    all.add(
        new io.fabric8.kubernetes.api.model.PodBuilder(all.get(3))
            .editMetadata()
            .withName("llama2-13b-ft-worker-3")
            .endMetadata()
            .build());

    PytorchJobAnalyzer.PodSelection selection = one.select(job(cond("Running", "True")), all);

    assertThat(selection.abnormalWorkers()).hasSize(1);
    assertThat(selection.healthyWorkers()).isEqualTo(2);
  }

  private static String state(Map<String, Object>... conditions) {
    return PytorchJobAnalyzer.activeCondition(job(conditions)).orElseThrow().path("type").asText();
  }

  @SafeVarargs
  private static GenericKubernetesResource job(Map<String, Object>... conditions) {
    Map<String, Object> job =
        Map.of(
            "apiVersion", "kubeflow.org/v1",
            "kind", "PyTorchJob",
            "metadata", Map.of("name", "j", "namespace", "ml"),
            "spec", Map.of("pytorchReplicaSpecs", Map.of("Master", Map.of("replicas", 1))),
            "status", Map.of("conditions", List.of(conditions)));
    return Json.MAPPER.convertValue(job, GenericKubernetesResource.class);
  }

  private static Map<String, Object> cond(String type, String status) {
    return Map.of("type", type, "status", status, "reason", type + "Reason");
  }
}
