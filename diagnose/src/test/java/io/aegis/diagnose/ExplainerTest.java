package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.diagnose.analyzer.FindingType;
import io.aegis.kernel.ai.ExplanationCache;
import io.aegis.kernel.ai.Language;
import io.aegis.kernel.ai.LlmAnswer;
import io.aegis.kernel.ai.LlmClient;
import io.aegis.kernel.ai.PromptKind;
import io.aegis.kernel.ai.Prompts;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainerTest {
  final Target pod = new Target("Pod", "api-0", "shop");
  final Analysis unhealthy =
      Analysis.builder(PromptKind.DIAGNOSE_POD)
          .failure(FindingType.OOM_KILLED, "container api was OOMKilled")
          .warning(FindingType.EVENT, "Warning BackOff: restarting")
          .info(FindingType.CONTEXT, "container api last 1 log lines:\nkilled")
          .variable("Keywords", "")
          .build();

  @Test
  void withoutAnLlmTheExplanationIsTheDeterministicSummary() {
    StubLlm llm = new StubLlm(false);

    Explainer.Explanation e = explainer(llm).explain(pod, unhealthy);

    assertThat(e.text()).isEqualTo(Summary.of(unhealthy)).startsWith("Healthy: No");
    assertThat(e.usage()).isNull();
    assertThat(llm.prompts).isEmpty();
  }

  @Test
  void sendsFindingsEventsAndLogsInTheKindsPromptAndRecordsUsage() {
    StubLlm llm = new StubLlm(true);

    Explainer.Explanation e = explainer(llm).explain(pod, unhealthy);

    assertThat(e.text()).isEqualTo("Healthy: No");
    assertThat(e.usage().model).isEqualTo("m");
    assertThat(e.usage().inputTokens).isEqualTo(10);
    assertThat(e.usage().cached).isFalse();
    assertThat(llm.prompts)
        .singleElement()
        .asString()
        .contains("Pod: shop/api-0")
        .contains("container api was OOMKilled")
        .contains("Warning BackOff: restarting")
        .contains("container api last 1 log lines:\nkilled");
  }

  @Test
  void aSecondExplanationOfTheSameFindingsComesFromTheCache() {
    StubLlm llm = new StubLlm(true);
    Explainer explainer = explainer(llm);

    explainer.explain(pod, unhealthy);
    Explainer.Explanation again = explainer.explain(pod, unhealthy);

    assertThat(llm.prompts).hasSize(1);
    assertThat(again.usage().cached).isTrue();
  }

  @Test
  void aHealthyObjectCostsNoCall() {
    StubLlm llm = new StubLlm(true);
    Analysis healthy = Analysis.builder(PromptKind.DIAGNOSE_POD).build();

    assertThat(explainer(llm).explain(pod, healthy).text())
        .isEqualTo("Healthy: Yes\nNo problems found.");
    assertThat(llm.prompts).isEmpty();
  }

  @Test
  void anLlmFailureFallsBackToTheSummaryWithTheReason() {
    StubLlm llm = new StubLlm(true);
    llm.failure = new AegisException(Reason.LLM_UNAVAILABLE, "LLM unavailable: HTTP 500");

    Explainer.Explanation e = explainer(llm).explain(pod, unhealthy);

    assertThat(e.text())
        .startsWith(Summary.of(unhealthy))
        .endsWith("\n(LLM explanation unavailable: LLM unavailable: HTTP 500)");
    assertThat(e.usage()).isNull();
  }

  @Test
  void promptVariablesAreLimitedToThoseOfTheKind() {
    Analysis node =
        Analysis.builder(PromptKind.DIAGNOSE_NODE)
            .failure(FindingType.NODE_NOT_READY, "condition Ready is False")
            .build();

    assertThat(Explainer.variables(new Target("Node", "n1", null), node))
        .containsOnlyKeys("Name", "ErrorInfo", "EventInfo", "LogInfo");
  }

  private static Explainer explainer(LlmClient llm) {
    return new Explainer(
        llm,
        new Prompts(Language.EN, null),
        new ExplanationCache(Duration.ofMinutes(10), 10, Clock.systemUTC()));
  }

  static final class StubLlm implements LlmClient {
    final boolean configured;
    final List<String> prompts = new ArrayList<>();
    AegisException failure;

    StubLlm(boolean configured) {
      this.configured = configured;
    }

    @Override
    public boolean isConfigured() {
      return configured;
    }

    @Override
    public LlmAnswer ask(String systemPrompt, String userPrompt) {
      if (failure != null) {
        throw failure;
      }
      prompts.add(userPrompt);
      return new LlmAnswer("Healthy: No\n", "m", 10, 2, Duration.ofMillis(5), false);
    }
  }
}
