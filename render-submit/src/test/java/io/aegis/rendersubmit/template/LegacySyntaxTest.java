package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacySyntaxTest {
  @Test
  void fieldReferencesBecomeFreemarkerInterpolations() {
    assertThat(LegacySyntax.translate("a {{.node}} b {{ .InvolvedObjectNode }} c {{\t.x_1\t}}"))
        .isEqualTo("a [=node] b [=InvolvedObjectNode] c [=x_1]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{workflow.name}}",
        "{{ workflow.name }}",
        "{{inputs.parameters.node}}",
        "{{steps.s.outputs.result}}",
        "{{=sprig.trim(inputs.parameters.x)}}",
        "{{item}}",
        "{{item.name}}",
        "{{retries}}",
        "{{pod.name}}",
        "${HOME} $(date) #{x}",
        "[#noparse]{{.State}} {{if x}}[/#noparse]"
      })
  void argoTagsShellAndNoparseAreUntouched(String text) {
    assertThat(LegacySyntax.translate(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "{{if .claimTicket}}x{{end}}=>[#if name??]",
        "{{ if .x }}=>[#if name??]",
        "{{else}}=>[#else]",
        "{{end}}=>[/#if] or [/#list]",
        "{{range .items}}=>[#list items as item]",
        "{{with .x}}=>[#if name??]",
        "{{keep \"node\"}}=>write [=x]",
        "{{- .node}}=>whitespace trimming",
        "{{.node -}}=>whitespace trimming",
        "{{.a.b}}=>[=alert.spec.type]",
        "{{ .node | quote }}=>only {{.name}} is translated",
        "{{$x := .node}}=>[#assign",
        "{{/* c */}}=>[#-- ... --]",
        "{{`{{.AlertName}}`}}=>[#noparse]",
        "{{\"x\"}}=>write the text directly",
        "{{printf \"%s\" .x}}=>FreeMarker expression",
        "{{template \"t\"}}=>[#macro",
      })
  void otherGoActionsAreRejectedWithTheFreemarkerEquivalent(String action, String hint) {
    assertThatThrownBy(() -> LegacySyntax.translate("line1\n" + action))
        .isInstanceOf(TemplateInvalidException.class)
        .hasMessageStartingWith("line 2: Go-template action")
        .hasMessageContaining(hint);
  }
}
