package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real kubectl against the embedded API (skipped where kubectl is not installed). */
class KubectlCliIT {
  private static final Optional<Path> KUBECTL = Binaries.find("kubectl");
  private static EmbeddedApiServer api;
  private static Path kubeconfig;
  private static Path cache;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(
        KUBECTL.isPresent(), "kubectl is not installed (Debian: kubernetes-client); skipping");
    api = EmbeddedApiServer.start(0, TestRepo.knative().crds());
    api.createNamespaces(List.of("monitoring"));
    Path dir = Files.createTempDirectory("aegis-kubectl");
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    cache = dir.resolve("cache");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static ProcessBuilder kubectl(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                KUBECTL.get().toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                cache.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  private static String run(String... args) throws Exception {
    Process p = kubectl(args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void applyAndGetTheReadmeRuleWithItsPrinterColumns() throws Exception {
    String applied =
        run(
            "apply",
            "-f",
            TestRepo.root().resolve("examples/nodehasemergencyevent/ops.yaml").toString());
    assertThat(applied)
        .contains("aegisalertopsrule.aegis.io/nodehasemergencyevent created")
        .contains("aegisopstemplate.aegis.io/nodehasemergencyevent created");
    assertThat(run("get", "aegisopstemplates"))
        .contains("EXECUTESUCCEED")
        .contains("nodehasemergencyevent");
    assertThat(run("get", "aegis")).contains("aegisalertopsrule.aegis.io/nodehasemergencyevent");
  }

  @Test
  void getAegisAlertsWatchShowsEachChangeInTheDocumentedColumns() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Process watch = kubectl("get", "aegisalerts", "-w").start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
              } catch (IOException e) {
                lines.add("read failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      api.client().resource(AlertFixtures.readme("default-nodehasemergencyevent-9njt4")).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lines.stream().anyMatch(l -> l.contains("9njt4")));
      AlertFixtures.markTriggered(api.client(), "default-nodehasemergencyevent-9njt4");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  lines.stream()
                      .anyMatch(
                          l ->
                              l.matches(
                                  ".*9njt4\\s+NodeHasEmergencyEvent\\s+Node\\s+dev1\\s+Firing\\s+1\\s+Triggered\\s+Pending\\s+\\d+s.*")));
      assertThat(lines.get(0).split("\\s+"))
          .containsExactly(
              "NAME",
              "TYPE",
              "OBJECTKIND",
              "OBJECTNAME",
              "STATUS",
              "COUNT",
              "TRIGGERSTATUS",
              "OPSSTATUS",
              "AGE");
      assertThat(lines.stream().filter(l -> l.startsWith("NAME"))).as("one header").hasSize(1);
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
