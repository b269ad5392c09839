package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.rendersubmit.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowTemplateEngineTest {
  static final WorkflowTemplateEngine ENGINE = new WorkflowTemplateEngine();

  /** A minimal valid Workflow whose container script is {@code script}. */
  static String workflow(String script) {
    StringBuilder indented = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      indented.append("        ").append(line).append('\n');
    }
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          entrypoint: start
          templates:
          - name: start
            container:
              image: bitnami/kubectl:latest
              command: [/bin/sh, -c]
              args:
              - |
        """
        + indented;
  }

  static String script(RenderedWorkflow rendered) {
    return rendered.workflow().at("/spec/templates/0/container/args/0").asText();
  }

  static RenderedWorkflow renderReadme(String manifest) {
    return ENGINE.render(manifest, TemplateVariables.of(TestAlerts.readme()));
  }

  @Test
  void A28_goTemplateFieldsRenderTheOriginalVariables() {
    RenderedWorkflow rendered =
        renderReadme(
            workflow(
                "echo {{.AlertName}} {{.AlertNamespace}} {{.InvolvedObjectKind}}"
                    + " {{.InvolvedObjectName}} {{ .InvolvedObjectNode }} {{.startAt}} {{.cluster}}"));
    assertThat(script(rendered))
        .isEqualTo(
            "echo default-nodehasemergencyevent-9njt4 monitoring Node dev1 dev1 2022021122 c1\n");
  }

  @Test
  void A28_freemarkerSquareBracketsRenderTheSameAndShellAndArgoPassThrough() {
    RenderedWorkflow rendered =
        renderReadme(
            workflow(
                "echo [=AlertName] [=AlertNamespace] [=InvolvedObjectKind] [=InvolvedObjectName]"
                    + " [=InvolvedObjectNode] [=startAt] [=cluster]\n"
                    + "echo ${HOME} $HOME {{workflow.name}} {{inputs.parameters.x}} {{=sprig.upper('a')}} #{x}"));
    assertThat(script(rendered))
        .isEqualTo(
            "echo default-nodehasemergencyevent-9njt4 monitoring Node dev1 dev1 2022021122 c1\n"
                + "echo ${HOME} $HOME {{workflow.name}} {{inputs.parameters.x}} {{=sprig.upper('a')}} #{x}\n");
  }

  @Test
  void conditionalsAndDefaultsWork() {
    RenderedWorkflow rendered =
        renderReadme(
            workflow(
                "[#if node??]kubectl cordon [=node][/#if]\n"
                    + "[#if claimTicket??]ticket [=claimTicket][#else]no ticket[/#if] [=missing!\"none\"]"));
    assertThat(script(rendered)).isEqualTo("kubectl cordon dev1\nno ticket none\n");
  }

  @Test
  void theWholeAlertIsAvailableAsAlert() {
    RenderedWorkflow rendered =
        renderReadme(
            workflow(
                "echo [=alert.spec.type] [=alert.metadata.labels[\"alert-source-type\"]] [=alert.status.count]"));
    assertThat(script(rendered)).isEqualTo("echo NodeHasEmergencyEvent Default 1\n");
  }

  @Test
  void A25_undefinedVariableFailsNamingIt() {
    assertThatThrownBy(() -> renderReadme(workflow("kubectl cordon {{.nodeName}}")))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("'nodeName' is not defined")
        .hasMessageContaining("line 12")
        .hasMessageContaining("defined: AlertName, AlertNamespace");
  }

  @Test
  void emptyValuesAreUndefinedRatherThanRenderedEmpty() {
    var alert = TestAlerts.node("a", "dev1", Map.of("node", ""));
    assertThatThrownBy(
            () ->
                ENGINE.render(
                    workflow("echo [=node] [=InvolvedObjectNamespace]"),
                    TemplateVariables.of(alert)))
        .hasMessageContaining("'node' is not defined");
  }

  @Test
  void aDetailCannotShadowTheEscapingFunctions() {
    var alert = TestAlerts.node("a", "dev1", Map.of("shell_quote", "x", "v", "a b"));
    RenderedWorkflow rendered =
        ENGINE.render(workflow("echo [=shell_quote(v)]"), TemplateVariables.of(alert));
    assertThat(script(rendered)).isEqualTo("echo 'a b'\n");
  }

  @Test
  void shellQuoteMakesAnyPrintableValueOneShellWord() {
    var alert =
        TestAlerts.node("a", "dev1", Map.of("d", "it's $(rm -rf /) `id` \"q\" ; | && # ；中文"));
    RenderedWorkflow rendered =
        ENGINE.render(workflow("echo [=shell_quote(d)]"), TemplateVariables.of(alert));
    assertThat(script(rendered)).isEqualTo("echo 'it'\\''s $(rm -rf /) `id` \"q\" ; | && # ；中文'\n");
  }

  @Test
  void yamlStringMakesAnyPrintableValueOneYamlScalar() {
    var alert = TestAlerts.node("a", "dev1", Map.of("d", "x\", \"--all: y # z ；"));
    String manifest =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          entrypoint: start
          arguments:
            parameters:
            - name: d
              value: [=yaml_string(d)]
          templates:
          - name: start
            container:
              image: busybox
              env:
              - name: D
                value: [=yaml_string(d)]
              command: [sh, -c, 'echo "$D"']
        """;
    RenderedWorkflow rendered = ENGINE.render(manifest, TemplateVariables.of(alert));
    assertThat(rendered.workflow().at("/spec/arguments/parameters/0/value").asText())
        .isEqualTo("x\", \"--all: y # z ；");
    assertThat(rendered.workflow().at("/spec/templates/0/container/env/0/value").asText())
        .isEqualTo("x\", \"--all: y # z ；");
  }

  @Test
  void plainScalarsKeepTheirYamlTypeAfterInterpolation() {
    var alert = TestAlerts.node("a", "dev1", Map.of("limit", "3", "deadline", "600"));
    String manifest =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          entrypoint: start
          activeDeadlineSeconds: [=deadline]
          templates:
          - name: start
            retryStrategy: {limit: [=limit]}
            container: {image: busybox}
        """;
    JsonNode wf = ENGINE.render(manifest, TemplateVariables.of(alert)).workflow();
    assertThat(wf.at("/spec/activeDeadlineSeconds").isInt()).isTrue();
    assertThat(wf.at("/spec/activeDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(wf.at("/spec/templates/0/retryStrategy/limit").asInt()).isEqualTo(3);
  }

  @Test
  void ttlSecondsAfterFinishedIsRewrittenWithAWarning() {
    String manifest =
        workflow("echo hi")
            .replace(
                "  entrypoint: start\n", "  ttlSecondsAfterFinished: 60\n  entrypoint: start\n");
    RenderedWorkflow rendered = renderReadme(manifest);
    assertThat(rendered.workflow().at("/spec/ttlSecondsAfterFinished").isMissingNode()).isTrue();
    assertThat(rendered.workflow().at("/spec/ttlStrategy/secondsAfterCompletion").asInt())
        .isEqualTo(60);
    assertThat(rendered.warnings()).singleElement().asString().contains("ttlSecondsAfterFinished");
  }

  @Test
  void schemaRejectsUnknownAndMistypedFields() {
    assertThatThrownBy(
            () -> renderReadme(workflow("echo").replace("image:", "imagee: x\n      image:")))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("Argo Workflow schema")
        .hasMessageContaining("imagee");
    assertThatThrownBy(
            () ->
                renderReadme(
                    workflow("echo")
                        .replace(
                            "  entrypoint: start\n",
                            "  entrypoint: start\n  activeDeadlineSeconds: soon\n")))
        .hasMessageContaining("activeDeadlineSeconds");
  }

  @Test
  void onlyArgoWorkflowsAreAccepted() {
    assertThatThrownBy(() -> renderReadme("apiVersion: v1\nkind: Pod\nspec: {}\n"))
        .hasMessageContaining("must be apiVersion: argoproj.io/v1alpha1, kind: Workflow");
    assertThatThrownBy(() -> renderReadme(workflow("x") + "status:\n  phase: Succeeded\n"))
        .hasMessageContaining("status");
    assertThatThrownBy(() -> renderReadme("- a\n- b\n"))
        .hasMessageContaining("must be a YAML mapping");
    assertThatThrownBy(() -> renderReadme(workflow("x") + "---\nkind: Workflow\n"))
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> renderReadme("kind: Workflow\nkind: Workflow\n"))
        .hasMessageContaining("duplicate key 'kind'");
    assertThatThrownBy(() -> renderReadme("kind: !!python/object:os.system Workflow\n"))
        .hasMessageContaining("not allowed");
  }

  @Test
  void aManifestThatIsNotYamlFailsWithTheParseError() {
    assertThatThrownBy(
            () ->
                renderReadme("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: [unclosed\n"))
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  void templateSyntaxErrorsNameTheLine() {
    assertThatThrownBy(() -> renderReadme(workflow("[#if node]x")))
        .hasMessageContaining("template syntax error at line");
  }

  @Test
  void renderingIsBoundedInTimeAndSize() {
    var tight =
        new WorkflowTemplateEngine(
            new WorkflowTemplateEngine.Limits(10_000, 2_000, Duration.ofMillis(300)));
    var vars = TemplateVariables.of(TestAlerts.readme());
    assertThatThrownBy(
            () ->
                tight.render(workflow("[#list 1..100000000 as i][#if i < 0]x[/#if][/#list]"), vars))
        .hasMessageContaining("did not finish within 300 ms");
    assertThatThrownBy(() -> tight.render(workflow("[#list 1..10000 as i]node [/#list]"), vars))
        .hasMessageContaining("longer than 2000 characters");
    assertThatThrownBy(() -> tight.render("x".repeat(10_001), vars))
        .hasMessageContaining("longer than 10000");
  }

  @Test
  void checkAcceptsValidTemplatesWithWarnings() {
    TemplateCheck check =
        ENGINE.check(
            workflow("kubectl cordon {{.node}}")
                .replace(
                    "  entrypoint: start\n",
                    "  ttlSecondsAfterFinished: 60\n  entrypoint: start\n"));
    assertThat(check.valid()).isTrue();
    assertThat(check.warnings()).singleElement().asString().contains("ttlStrategy");
  }

  @Test
  void checkRejectsManifestsThatAreNotYamlOrNotWorkflows() {
    assertThat(
            ENGINE
                .check("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: [unclosed\n")
                .problem())
        .contains("not valid YAML");
    assertThat(ENGINE.check("apiVersion: v1\nkind: ConfigMap\n").problem())
        .contains("kind: Workflow");
    assertThat(ENGINE.check(workflow("{{if .x}}y{{end}}")).problem()).contains("[#if");
    assertThat(
            ENGINE.check(workflow("echo").replace("image:", "imagee: x\n      image:")).problem())
        .contains("imagee");
  }

  @Test
  void checkIgnoresSchemaProblemsOfPlaceholderValues() {
    String manifest =
        workflow("echo")
            .replace(
                "  entrypoint: start\n",
                "  entrypoint: start\n  activeDeadlineSeconds: [=deadline]\n");
    assertThat(ENGINE.check(manifest).valid()).isTrue();
  }

  @Test
  void checkAcceptsTemplatesWhoseDryRunDependsOnData() {
    assertThat(ENGINE.check(workflow("[#if limit?number > 3]big[/#if]")).valid()).isTrue();
  }

  @Test
  void checkRejectsLiteralsThatAreNotPlainTokens() {
    assertThat(ENGINE.check(workflow("echo [=\"a b\"]")).problem()).contains("not a plain token");
  }

  @Test
  void variablesWhoseNamesAreNotIdentifiersAreReachableThroughVars() {
    var alert = TestAlerts.node("a", "dev1", Map.of("app.kubernetes.io/name", "gpu-burn"));
    assertThat(
            script(
                ENGINE.render(
                    workflow("echo [=.vars[\"app.kubernetes.io/name\"]]"),
                    TemplateVariables.of(alert))))
        .isEqualTo("echo gpu-burn\n");
  }

  @Test
  void anchorsAndMergeKeysWork() {
    String manifest =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          entrypoint: a
          templates:
          - name: a
            container: &base
              image: busybox
              command: [echo, [=node]]
          - name: b
            container:
              <<: *base
              args: [b]
        """;
    JsonNode wf = renderReadme(manifest).workflow();
    assertThat(wf.at("/spec/templates/1/container/image").asText()).isEqualTo("busybox");
    assertThat(wf.at("/spec/templates/1/container/command/1").asText()).isEqualTo("dev1");
    assertThat(wf.at("/spec/templates/1/container/args/0").asText()).isEqualTo("b");
    assertThat(wf.at("/spec/templates/1/container").has("<<")).isFalse();
  }
}
