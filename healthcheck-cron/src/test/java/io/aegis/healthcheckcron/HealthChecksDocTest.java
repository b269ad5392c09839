package io.aegis.healthcheckcron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/health-checks.md works as written: its objects are accepted, its runner script prints a
 * results block Aegis parses, and its GPU example runs end to end to an alert its rule selects.
 */
class HealthChecksDocTest {
  static final Path DOC = Path.of("..", "docs", "health-checks.md");
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "AegisNodeHealthCheck", AegisNodeHealthCheck.class,
          "AegisClusterHealthCheck", AegisClusterHealthCheck.class,
          "AegisAlertOpsRule", AegisAlertOpsRule.class,
          "AegisOpsTemplate", AegisOpsTemplate.class);

  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();
  @TempDir Path tmp;

  static List<HasMetadata> objects() throws IOException {
    String doc = Files.readString(DOC);
    Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<HasMetadata> out = new ArrayList<>();
    while (m.find()) {
      for (String part : m.group(1).split("(?m)^---$")) {
        if (part.contains("apiVersion:") && part.contains("kind:")) {
          String kind = Serialization.unmarshal(part, GenericKubernetesResource.class).getKind();
          out.add(
              Serialization.unmarshal(
                  part, KINDS.getOrDefault(kind, GenericKubernetesResource.class)));
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> kind) {
    return (T)
        objects.stream()
            .filter(kind::isInstance)
            .findFirst()
            .orElseThrow(() -> new AssertionError(kind.getSimpleName()));
  }

  /** Runs the doc's run.sh with stand-ins for nvidia-smi (7 GPUs) and dmesg (one Xid). */
  String runScript(ConfigMap rules) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    stub(bin.resolve("nvidia-smi"), "for i in 0 1 2 3 4 5 6; do echo $i; done");
    stub(
        bin.resolve("dmesg"),
        "echo '[1.0] NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.'");
    Path script = tmp.resolve("run.sh");
    Files.writeString(script, rules.getData().get("run.sh"));
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  static void stub(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void theDocsObjectsAreValidChecks() throws IOException {
    List<HasMetadata> objects = objects();
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "ConfigMap",
            "AegisNodeHealthCheck",
            "AegisClusterHealthCheck",
            "AegisAlertOpsRule",
            "AegisOpsTemplate");
    assertThat(CheckPod.problem(one(objects, AegisNodeHealthCheck.class).getSpec())).isEmpty();
    assertThat(
            CheckPod.templateProblem(
                one(objects, AegisClusterHealthCheck.class).getSpec().template))
        .isEmpty();
    String doc = Files.readString(DOC);
    int block = doc.indexOf("```yaml\nresults:");
    ResultsParser.Parsed example =
        ResultsParser.parse(doc.substring(block + 8, doc.indexOf("```", block + 8)));
    assertThat(example.ok()).isTrue();
    assertThat(Findings.of(example.results()))
        .extracting(Findings.Finding::type)
        .containsExactly("GpuCountMismatch");
  }

  @Test
  void theGpuExampleRunsFromClusterCheckToAnAlertTheRuleSelects() throws Exception {
    List<HasMetadata> objects = objects();
    ConfigMap rules = one(objects, ConfigMap.class);
    String log = runScript(rules);
    ResultsParser.Parsed parsed = ResultsParser.parse(log);
    assertThat(parsed.ok()).as(log).isTrue();
    assertThat(Findings.of(parsed.results()))
        .extracting(Findings.Finding::type)
        .containsExactly("GpuCountMismatch", "GpuXidError");

    var d = HealthcheckCronProperties.defaults();
    Harness h =
        new Harness(
            kube.client(),
            new HealthcheckCronProperties(
                d.alert(),
                new HealthcheckCronProperties.Healthcheck(
                    d.healthcheck().pingSource(),
                    true,
                    true,
                    true,
                    "UTC",
                    Duration.ofHours(1),
                    5000),
                Map.of()));
    kube.create(rules);
    kube.create(TestChecks.gpuNode("gpu-node-a"));
    kube.create(TestChecks.cpuNode("cpu-node-1"));
    AegisClusterHealthCheck check = kube.create(one(objects, AegisClusterHealthCheck.class));
    var created = Timestamps.parse(check.getMetadata().getCreationTimestamp()).orElseThrow();
    h.clock.set(
        Schedule.parse(check.getSpec().schedule)
            .get(0)
            .next(created.atZone(ZoneOffset.UTC))
            .toInstant());
    h.ticker.tick();

    AegisNodeHealthCheck child = h.nodeChecks().get(0);
    assertThat(h.nodeChecks()).hasSize(1);
    Pod pod = h.podOf(child);
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(v -> v.getMountPath())
        .containsExactly("/nodecheck/config/gpu-node-rules");
    assertThat(String.join(" ", pod.getSpec().getContainers().get(0).getCommand()))
        .contains("/nodecheck/config/gpu-node-rules/run.sh");

    h.events.podChanged(h.finishPod(child, "Succeeded", log));
    assertThat(h.clusterCheck("gpu-nodes").getStatus().phase).isEqualTo("Completed");
    AegisAlertOpsRule rule = one(objects, AegisAlertOpsRule.class);
    List<AegisAlert> alerts =
        kube.client().resources(AegisAlert.class).inNamespace("monitoring").list().getItems();
    assertThat(alerts).hasSize(2);
    AegisAlert gpuCount =
        alerts.stream()
            .filter(a -> a.getSpec().type.equals(rule.getSpec().alertConditions.get(0).type))
            .findFirst()
            .orElseThrow();
    assertThat(gpuCount.getMetadata().getLabels())
        .containsAllEntriesOf(rule.getSpec().selector.getMatchLabels());
    assertThat(gpuCount.getSpec().details).containsKeys("node", "message");
  }
}
