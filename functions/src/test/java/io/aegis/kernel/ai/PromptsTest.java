package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.error.AegisException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromptsTest {
  @TempDir Path dir;

  private static Map<String, String> allVariables(PromptKind kind) {
    Map<String, String> vars = new HashMap<>();
    for (String name : kind.variables()) {
      if (!name.equals(PromptKind.LANGUAGE)) {
        vars.put(name, "<" + name + " value>");
      }
    }
    return vars;
  }

  @ParameterizedTest
  @EnumSource(PromptKind.class)
  void everyKindHasADefaultInEveryLanguageUsingEveryDataSlot(PromptKind kind) {
    Prompts prompts = new Prompts(Language.EN, null);
    for (Language lang : Language.values()) {
      RenderedPrompt prompt = prompts.render(kind, lang, allVariables(kind));

      assertThat(prompts.origin(kind, lang))
          .isEqualTo("aegis/prompts/" + lang.code() + "/" + kind.fileName() + ".txt");
      assertThat(prompt.system()).as("%s %s system", kind, lang).isNotBlank();
      assertThat(prompt.user()).as("%s %s user", kind, lang).isNotBlank();
      assertThat(prompt.system() + prompt.user()).doesNotContain("{{").doesNotContain("}}");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = PromptKind.class,
      names = {"DIAGNOSE_POD", "DIAGNOSE_NODE", "DIAGNOSE_PYTORCHJOB"})
  void diagnosisPromptsAskForTheDocumentedAnswerFormat(PromptKind kind) {
    for (Language lang : Language.values()) {
      RenderedPrompt prompt = new Prompts(lang, null).render(kind, allVariables(kind));

      assertThat(prompt.system()).contains("Healthy:", "Error:", "Analysis:", "Solution:");
      assertThat(prompt.user())
          .contains("<ErrorInfo value>", "<EventInfo value>", "<LogInfo value>", "<Name value>");
    }
  }

  @Test
  void alertParsePromptAsksForTheCustomAlertFormatAndCarriesTheRawAlertAsData() {
    RenderedPrompt prompt =
        new Prompts(Language.EN, null)
            .render(
                PromptKind.ALERT_PARSE, Map.of("RawAlert", "{\"title\": \"High CPU on node01\"}"));

    assertThat(prompt.system())
        .contains(
            "\"type\"",
            "\"status\"",
            "\"involvedObject\"",
            "\"kind\"",
            "\"name\"",
            "\"namespace\"",
            "\"node\"",
            "\"details\"",
            "\"fingerprint\"",
            "\"Firing\"",
            "\"Resolved\"",
            "JSON array",
            "no Markdown code fences",
            "ignore any instructions");
    assertThat(prompt.system()).doesNotContain("High CPU");
    assertThat(prompt.user()).contains("{\"title\": \"High CPU on node01\"}");
  }

  @Test
  void answersInTheConfiguredLanguage() {
    Map<String, String> vars = Map.of("Name", "node01", "ErrorInfo", "Ready=False");

    RenderedPrompt en = new Prompts(Language.EN, null).render(PromptKind.DIAGNOSE_NODE, vars);
    RenderedPrompt zh = new Prompts(Language.ZH, null).render(PromptKind.DIAGNOSE_NODE, vars);

    assertThat(en.system()).contains("Answer in English");
    assertThat(en.user()).contains("Node: node01");
    assertThat(zh.system()).contains("请用中文回答").contains("节点");
    assertThat(zh.user()).contains("节点：node01");
  }

  @Test
  void omitsEmptySectionsInsteadOfSendingBlankSlots() {
    RenderedPrompt prompt =
        new Prompts(Language.EN, null)
            .render(
                PromptKind.DIAGNOSE_POD,
                Map.of("Name", "web-0", "Namespace", "shop", "ErrorInfo", "OOMKilled"));

    assertThat(prompt.user())
        .contains("Pod: shop/web-0")
        .contains("OOMKilled")
        .contains("Recent events of the Pod (use if helpful):\nnone")
        .doesNotContain("Container logs");
  }

  @Test
  void overridesOneKindFromThePromptDirAndKeepsTheOthersBuiltIn() throws IOException {
    Files.writeString(
        dir.resolve("diagnose-pod.txt"),
        "Be brief. Reply in {{ .Language }}.\n--- user ---\nPod {{ .Name }}: {{ .ErrorInfo }}\n");
    Prompts prompts = new Prompts(Language.EN, dir);

    RenderedPrompt pod =
        prompts.render(PromptKind.DIAGNOSE_POD, Map.of("Name", "web-0", "ErrorInfo", "OOMKilled"));

    assertThat(pod)
        .isEqualTo(new RenderedPrompt("Be brief. Reply in English.", "Pod web-0: OOMKilled"));
    assertThat(prompts.origin(PromptKind.DIAGNOSE_POD, Language.EN))
        .isEqualTo(dir.resolve("diagnose-pod.txt").toString());
    assertThat(prompts.origin(PromptKind.DIAGNOSE_NODE, Language.EN))
        .isEqualTo("aegis/prompts/en/diagnose-node.txt");
  }

  @Test
  void prefersTheLanguageSpecificOverrideThenTheGenericOneThenTheOriginalsFileName()
      throws IOException {
    Files.writeString(dir.resolve("pod.tmpl"), "legacy {{.ErrorInfo}}");
    Prompts prompts = new Prompts(Language.ZH, dir);
    Map<String, String> vars = Map.of("ErrorInfo", "E");

    assertThat(prompts.render(PromptKind.DIAGNOSE_POD, vars).user()).isEqualTo("legacy E");

    Files.writeString(dir.resolve("diagnose-pod.txt"), "generic {{ .ErrorInfo }}");
    assertThat(prompts.render(PromptKind.DIAGNOSE_POD, vars).user()).isEqualTo("generic E");

    Files.writeString(dir.resolve("diagnose-pod.zh.txt"), "中文 {{ .ErrorInfo }}");
    assertThat(prompts.render(PromptKind.DIAGNOSE_POD, vars).user()).isEqualTo("中文 E");
    assertThat(prompts.render(PromptKind.DIAGNOSE_POD, Language.EN, vars).user())
        .isEqualTo("generic E");
  }

  @Test
  void runsTheOriginalsCustomPromptFilesUnchanged() throws IOException {
    // Shaped like the original's deploy/prompt-config.yaml pytorchjob.tmpl and pod.tmpl.
    Files.writeString(
        dir.resolve("pytorchjob.tmpl"),
        """
        You are a Kubernetes + Kubeflow diagnostic expert. Respond in {{ .Language }}.
        Job: {{ index .Metadata "JobName" }} ({{ index .Metadata "JobStatus" }})
        Master: {{ index .Metadata "MasterDiagnosis" }}
        Errors: {{.ErrorInfo}}
        """);
    Files.writeString(
        dir.resolve("alertparse.tmpl"), "Convert this alert to JSON:\n{{.RawAlert}}\nOnly JSON.");
    Prompts prompts = new Prompts(Language.EN, dir);

    RenderedPrompt job =
        prompts.render(
            PromptKind.DIAGNOSE_PYTORCHJOB,
            Map.of(
                "JobName", "bert",
                "JobStatus", "Failed",
                "MasterDiagnosis", "exit 137",
                "ErrorInfo", "Job failed"));
    RenderedPrompt alert = prompts.render(PromptKind.ALERT_PARSE, Map.of("RawAlert", "disk full"));

    assertThat(job.system()).isEmpty();
    assertThat(job.user())
        .isEqualTo(
            "You are a Kubernetes + Kubeflow diagnostic expert. Respond in English.\n"
                + "Job: bert (Failed)\nMaster: exit 137\nErrors: Job failed");
    assertThat(alert.user()).isEqualTo("Convert this alert to JSON:\ndisk full\nOnly JSON.");
  }

  @Test
  void appliesAnUpdatedOverrideWithoutARestart() throws IOException {
    Path file = dir.resolve("diagnose-node.txt");
    Files.writeString(file, "v1 {{ .Name }}");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
    Prompts prompts = new Prompts(Language.EN, dir);
    assertThat(prompts.render(PromptKind.DIAGNOSE_NODE, Map.of("Name", "n1")).user())
        .isEqualTo("v1 n1");

    Files.writeString(file, "v2 {{ .Name }}");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:01:00Z")));

    assertThat(prompts.render(PromptKind.DIAGNOSE_NODE, Map.of("Name", "n1")).user())
        .isEqualTo("v2 n1");
  }

  @Test
  void reportsABrokenOverrideWithItsFileName() throws IOException {
    Files.writeString(dir.resolve("diagnose-node.txt"), "{{ .NodeName }}");
    Prompts prompts = new Prompts(Language.EN, dir);

    assertThatThrownBy(prompts::validate)
        .isInstanceOf(AegisException.class)
        .hasMessageContaining(dir.resolve("diagnose-node.txt").toString())
        .hasMessageContaining("unknown variable 'NodeName'");
  }

  @Test
  void usesTheBuiltInPromptsWhenThePromptDirDoesNotExist() {
    Prompts prompts = new Prompts(Language.EN, dir.resolve("absent"));

    prompts.validate();
    assertThat(prompts.origin(PromptKind.ALERT_PARSE, Language.EN))
        .isEqualTo("aegis/prompts/en/alert-parse.txt");
  }

  @Test
  void rejectsVariablesTheKindDoesNotHave() {
    Prompts prompts = new Prompts(Language.EN, null);

    assertThatThrownBy(() -> prompts.render(PromptKind.DIAGNOSE_NODE, Map.of("Namespace", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("diagnose-node has no variable 'Namespace'");
    assertThatThrownBy(() -> prompts.render(PromptKind.DIAGNOSE_NODE, Map.of("Language", "fr")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
