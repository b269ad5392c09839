package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  private static final Set<String> VARS = Set.of("ErrorInfo", "LogInfo", "Keywords", "JobName");

  private static String render(String template, Map<String, String> vars) {
    return PromptTemplate.compile(template, VARS, "test.txt").render(vars);
  }

  @Test
  void substitutesVariablesWithOrWithoutSpaces() {
    assertThat(
            render("a={{.ErrorInfo}} b={{ .LogInfo }}", Map.of("ErrorInfo", "x", "LogInfo", "y")))
        .isEqualTo("a=x b=y");
  }

  @Test
  void rendersAMissingVariableAsEmpty() {
    assertThat(render("[{{ .ErrorInfo }}]", Map.of())).isEqualTo("[]");
  }

  @Test
  void readsMetadataIndexLikeTheOriginalsPytorchJobPrompts() {
    assertThat(render("job {{ index .Metadata \"JobName\" }}", Map.of("JobName", "train-1")))
        .isEqualTo("job train-1");
  }

  @Test
  void neverInterpretsTemplateSyntaxInsideValues() {
    assertThat(render("{{ .LogInfo }}", Map.of("LogInfo", "{{ .ErrorInfo }} {{ if .X }}")))
        .isEqualTo("{{ .ErrorInfo }} {{ if .X }}");
  }

  @Test
  void showsIfSectionsOnlyForNonBlankValuesWithElseAndNesting() {
    String template =
        "{{ if .LogInfo }}logs{{ if .Keywords }} [{{ .Keywords }}]{{ end }}: {{ .LogInfo }}"
            + "{{ else }}no logs{{ end }}";

    assertThat(render(template, Map.of("LogInfo", "boom", "Keywords", "error")))
        .isEqualTo("logs [error]: boom");
    assertThat(render(template, Map.of("LogInfo", "boom"))).isEqualTo("logs: boom");
    assertThat(render(template, Map.of("LogInfo", "  \n"))).isEqualTo("no logs");
  }

  @Test
  void trimsWhitespaceAroundDashedActionsAndDropsComments() {
    assertThat(render("a  {{- .ErrorInfo -}}  \n b{{/* note */}}", Map.of("ErrorInfo", "X")))
        .isEqualTo("aXb");
  }

  @Test
  void rejectsUnknownVariablesNamingTheFileAndLine() {
    assertThatThrownBy(() -> render("line one\n{{ .ErrorInfos }}", Map.of()))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("test.txt")
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown variable 'ErrorInfos'")
        .hasMessageContaining("ErrorInfo, JobName, Keywords, LogInfo")
        .extracting(e -> ((AegisException) e).reason())
        .isEqualTo(Reason.NOT_CONFIGURED);
  }

  @Test
  void rejectsUnsupportedActions() {
    assertThatThrownBy(() -> render("{{ range .LogInfo }}x{{ end }}", Map.of()))
        .hasMessageContaining("unsupported action '{{ range .LogInfo }}'");
    assertThatThrownBy(() -> render("{{ printf \"%s\" .LogInfo }}", Map.of()))
        .hasMessageContaining("unsupported action");
  }

  @Test
  void rejectsUnbalancedSections() {
    assertThatThrownBy(() -> render("{{ if .LogInfo }}x", Map.of()))
        .hasMessageContaining("'if' without '{{ end }}'");
    assertThatThrownBy(() -> render("x{{ end }}", Map.of()))
        .hasMessageContaining("'{{ end }}' without 'if'");
    assertThatThrownBy(() -> render("{{ if .LogInfo }}a{{ else }}b{{ else }}c{{ end }}", Map.of()))
        .hasMessageContaining("two '{{ else }}'");
    assertThatThrownBy(() -> render("x {{ .LogInfo", Map.of()))
        .hasMessageContaining("unclosed '{{'");
  }
}
