package io.aegis.rendersubmit.template;

import static io.aegis.rendersubmit.template.WorkflowTemplateEngineTest.ENGINE;
import static io.aegis.rendersubmit.template.WorkflowTemplateEngineTest.script;
import static io.aegis.rendersubmit.template.WorkflowTemplateEngineTest.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.rendersubmit.TestAlerts;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alert values cannot change a workflow's structure or inject commands; templates are sandboxed.
 */
class TemplateSafetyTest {
  static final String CORDON = workflow("kubectl cordon {{.node}}");

  static TemplateVariables nodeDetail(String value) {
    return TemplateVariables.of(TestAlerts.node("a", "dev1", Map.of("node", value)));
  }

  /** The injection corpus (A29): each must fail as a plain interpolation. */
  static Stream<String> corpus() {
    return Stream.of(
        "dev1; curl evil | sh",
        "dev1\nkubectl delete ns kube-system",
        "dev1\r\nx",
        "dev1;rm",
        "dev1|sh",
        "dev1&&id",
        "$(id)",
        "`id`",
        "dev1'",
        "dev1\"",
        "{{workflow.parameters.x}}",
        "{{.node}}",
        "a: b",
        "dev1 #",
        "#dev1",
        "dev1\u202Ehs.lave",
        "dev1\uFF1Bid",
        "dev1\u2028x",
        "dev1\u0000",
        "dev1\t",
        "dev\u0131",
        "${HOME}",
        "[=AlertName]",
        "[#if true]x[/#if]",
        "*",
        "~root",
        "dev1>out",
        "--selector=kubernetes.io/os=linux",
        "-A",
        "dev1\\",
        "dev1\uE000");
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void A29_injectionCorpusFailsAsTemplateInvalid(String value) {
    assertThatThrownBy(() -> ENGINE.render(CORDON, nodeDetail(value)))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("[=node]")
        .hasMessageContaining("not a plain token");
  }

  @Test
  void A29_theReadmeExampleOfAnInjectionFails() {
    assertThatThrownBy(() -> ENGINE.render(CORDON, nodeDetail("dev1; curl evil | sh")))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("value \"dev1; curl evil | sh\" is not a plain token")
        .hasMessageContaining("';'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev1",
        "gpu-node-7.cluster.local",
        "10.0.0.1:9100",
        "a_b/c@d=e+f,g",
        "2022021122"
      })
  void plainTokensRenderVerbatim(String value) {
    assertThat(script(ENGINE.render(CORDON, nodeDetail(value))))
        .isEqualTo("kubectl cordon " + value + "\n");
  }

  /**
   * Control, format and line-break characters, private-use markers and Argo tags cannot be escaped
   * either.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\nb",
        "a\rb",
        "a\u202Eb",
        "a\u2028b",
        "a\u0085b",
        "a\u0000b",
        "a\uE001b",
        "{{workflow.name}}",
        "a\u200Bb"
      })
  void A29_escapingFunctionsRejectWhatNoQuotingMakesSafe(String value) {
    assertThatThrownBy(
            () -> ENGINE.render(workflow("echo [=shell_quote(node)]"), nodeDetail(value)))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("[=shell_quote(node)]");
    assertThatThrownBy(
            () ->
                ENGINE.render(
                    workflow("echo")
                        .replace(
                            "      image:", "      workingDir: [=yaml_string(node)]\n      image:"),
                    nodeDetail(value)))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("[=yaml_string(node)]");
  }

  @Test
  void shellQuoteInsideShellDoubleQuotesIsRejected() {
    assertThatThrownBy(
            () -> ENGINE.render(workflow("echo \"[=shell_quote(node)]\""), nodeDetail("$(id)")))
        .hasMessageContaining("inside double quotes");
    assertThatThrownBy(
            () ->
                ENGINE.render(
                    workflow("cat <<EOF\n[=shell_quote(node)]\nEOF"), nodeDetail("$(id)")))
        .hasMessageContaining("heredoc");
    assertThatThrownBy(
            () -> ENGINE.render(workflow("echo `x [=shell_quote(node)]`"), nodeDetail("a b")))
        .hasMessageContaining("backticks");
  }

  @Test
  void shellQuoteInsideCommandSubstitutionIsFine() {
    assertThat(
            script(
                ENGINE.render(
                    workflow("echo \"$(printf %s [=shell_quote(node)])\""), nodeDetail("a b"))))
        .isEqualTo("echo \"$(printf %s 'a b')\"\n");
  }

  @Test
  void shellQuoteInsideAYamlQuotedStringIsRejected() {
    String manifest =
        workflow("x")
            .replace(
                "command: [/bin/sh, -c]", "command: [/bin/sh, -c, \"echo [=shell_quote(node)]\"]");
    assertThatThrownBy(() -> ENGINE.render(manifest, nodeDetail("a\", \"b")))
        .isInstanceOf(TemplateInvalidException.class);
    String single =
        workflow("x")
            .replace(
                "command: [/bin/sh, -c]", "command: [/bin/sh, -c, 'echo [=shell_quote(node)]']");
    assertThatThrownBy(() -> ENGINE.render(single, nodeDetail("a b")))
        .isInstanceOf(TemplateInvalidException.class);
  }

  @Test
  void shellQuoteInAPlainYamlScalarCannotBeCutByAComment() {
    String manifest =
        workflow("x")
            .replace("command: [/bin/sh, -c]", "command:\n      - echo [=shell_quote(node)]");
    assertThatThrownBy(() -> ENGINE.render(manifest, nodeDetail("a #b")))
        .hasMessageContaining("split by YAML");
  }

  @Test
  void yamlStringMustBeAWholeYamlValue() {
    assertThatThrownBy(
            () -> ENGINE.render(workflow("echo [=yaml_string(node)]"), nodeDetail("$(id)")))
        .hasMessageContaining("must be a whole YAML value");
    String prefixed =
        workflow("x")
            .replace("      image:", "      workingDir: /x[=yaml_string(node)]\n      image:");
    assertThatThrownBy(() -> ENGINE.render(prefixed, nodeDetail("a b")))
        .isInstanceOf(TemplateInvalidException.class);
  }

  @Test
  void aPlainTokenCannotSplitAFlowSequence() {
    String manifest =
        workflow("x").replace("command: [/bin/sh, -c]", "command: [/bin/sh, -c, [=node]]");
    assertThatThrownBy(() -> ENGINE.render(manifest, nodeDetail("a,--all")))
        .hasMessageContaining("split by YAML");
  }

  @Test
  void aPlainTokenCannotTurnAScalarIntoAMapping() {
    String manifest = workflow("x").replace("command: [/bin/sh, -c]", "command:\n      - [=node]");
    RenderedWorkflow rendered = ENGINE.render(manifest, nodeDetail("a:"));
    assertThat(rendered.workflow().at("/spec/templates/0/container/command/0").asText())
        .isEqualTo("a:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[=node?no_esc]",
        "[=node?noEsc]",
        "[=node?interpret]",
        "[#assign x = node?eval][=x]",
        "[=\"freemarker.template.utility.Execute\"?new()(\"id\")]",
        "[=node?api.getClass()]",
        "[#noautoesc][=node][/#noautoesc]",
        "[#outputformat \"plainText\"][=node][/#outputformat]",
        "[#setting classic_compatible=true][=nodex]",
        "[#include \"/etc/passwd\"]",
        "[#import \"/lib.ftl\" as l]"
      })
  void sandboxRejectsEscapesFromEscapingAndFromTheSandbox(String snippet) {
    assertThatThrownBy(() -> ENGINE.render(workflow("echo " + snippet), nodeDetail("dev1")))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void theFtlHeaderIsRejected() {
    assertThatThrownBy(() -> ENGINE.render("[#ftl auto_esc=false]\n" + CORDON, nodeDetail("dev1")))
        .hasMessageContaining("[#ftl]");
  }

  @Test
  void noJavaIsReachableThroughTheAlertHash() {
    assertThatThrownBy(
            () -> ENGINE.render(workflow("echo [=alert.getClass()]"), nodeDetail("dev1")))
        .isInstanceOf(TemplateInvalidException.class);
    assertThatThrownBy(() -> ENGINE.render(workflow("echo [=node.class]"), nodeDetail("dev1")))
        .isInstanceOf(TemplateInvalidException.class);
  }

  @Test
  void reservedMarkerCharactersInTheManifestAreRejected() {
    assertThatThrownBy(() -> ENGINE.render(workflow("echo \uE000x"), nodeDetail("dev1")))
        .hasMessageContaining("reserved");
  }
}
