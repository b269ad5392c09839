package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.testing.FakeOpenAiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AiAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AiAutoConfiguration.class));

  @TempDir Path dir;

  @Test
  void withoutAKeyExposesTheBeansAndReportsNotConfigured() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(LlmClient.class)
              .hasSingleBean(Prompts.class)
              .hasSingleBean(Redactor.class)
              .hasSingleBean(ExplanationCache.class);
          assertThat(context.getBean(LlmClient.class))
              .isInstanceOf(NotConfiguredLlmClient.class)
              .satisfies(c -> assertThat(c.isConfigured()).isFalse());
        });
  }

  @Test
  void bindsDefaults() {
    runner.run(
        context -> {
          AiProperties p = context.getBean(AiProperties.class);
          assertThat(p.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
          assertThat(p.model()).isEqualTo("gpt-4o-mini");
          assertThat(p.apiKey()).isNull();
          assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(60));
          assertThat(p.maxTokens()).isEqualTo(2048);
          assertThat(p.temperature()).isEqualTo(0.2);
          assertThat(p.maxRetries()).isEqualTo(1);
          assertThat(p.maxPromptChars()).isEqualTo(60000);
          assertThat(p.language()).isEqualTo(Language.EN);
          assertThat(p.promptDir()).isNull();
          assertThat(p.redact()).isEqualTo(AiProperties.Redact.all());
          assertThat(p.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
          assertThat(p.cacheSize()).isEqualTo(500);
          assertThat(p).isEqualTo(AiProperties.defaults());
        });
  }

  @Test
  void bindsEveryKnob() {
    runner
        .withPropertyValues(
            "aegis.ai.base-url=http://vllm.ai.svc:8000/v1",
            "aegis.ai.model=qwen2.5-7b-instruct",
            "aegis.ai.api-key=sk-local",
            "aegis.ai.timeout=15s",
            "aegis.ai.max-tokens=800",
            "aegis.ai.temperature=0",
            "aegis.ai.max-retries=3",
            "aegis.ai.max-prompt-chars=20000",
            "aegis.ai.language=zh",
            "aegis.ai.prompt-dir=" + dir,
            "aegis.ai.redact.emails=false",
            "aegis.ai.redact.ips=false",
            "aegis.ai.cache-ttl=1h",
            "aegis.ai.cache-size=50")
        .run(
            context -> {
              AiProperties p = context.getBean(AiProperties.class);
              assertThat(p.baseUrl()).isEqualTo(URI.create("http://vllm.ai.svc:8000/v1"));
              assertThat(p.model()).isEqualTo("qwen2.5-7b-instruct");
              assertThat(p.configured()).isTrue();
              assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(15));
              assertThat(p.maxTokens()).isEqualTo(800);
              assertThat(p.temperature()).isEqualTo(0.0);
              assertThat(p.maxRetries()).isEqualTo(3);
              assertThat(p.maxPromptChars()).isEqualTo(20000);
              assertThat(p.language()).isEqualTo(Language.ZH);
              assertThat(p.promptDir()).isEqualTo(dir);
              assertThat(p.redact())
                  .isEqualTo(new AiProperties.Redact(true, true, true, true, false, false));
              assertThat(p.cacheTtl()).isEqualTo(Duration.ofHours(1));
              assertThat(p.cacheSize()).isEqualTo(50);
              assertThat(p.toString()).doesNotContain("sk-local").contains("apiKey=****");
              assertThat(context.getBean(Redactor.class).enabled())
                  .doesNotContain(Redactor.Category.EMAILS, Redactor.Category.IPS);
              assertThat(context.getBean(Prompts.class).language()).isEqualTo(Language.ZH);
            });
  }

  @Test
  void failsAtStartupOnInvalidSettings() {
    runner
        .withPropertyValues("aegis.ai.temperature=3")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "aegis.ai.temperature must be between 0.0 and 2.0, got 3.0"));
    runner
        .withPropertyValues("aegis.ai.base-url=ftp://example.com")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("absolute http(s) URL"));
    runner
        .withPropertyValues("aegis.ai.language=fr")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("aegis.ai.timeout=0s")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("aegis.ai.max-tokens=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("aegis.ai.max-tokens must be at least 1, got 0"));
    runner
        .withPropertyValues("aegis.ai.model= ")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("aegis.ai.model must not be blank"));
  }

  @Test
  void withAKeyBuildsNoHttpClientUntilTheFirstCall() {
    runner
        .withPropertyValues("aegis.ai.api-key=sk-x")
        .run(
            context -> {
              LlmClient client = context.getBean(LlmClient.class);
              assertThat(client.isConfigured()).isTrue();
              assertThat(((OpenAiLlmClient) client).modelBuilt()).isFalse();
            });
  }

  @Test
  void rendersAnOverriddenPromptAndSendsItRedactedToAnyOpenAiCompatibleServer() throws IOException {
    Files.writeString(
        dir.resolve("diagnose-node.txt"),
        "Custom node prompt in {{ .Language }}.\n--- user ---\nNode {{ .Name }}:\n{{ .LogInfo }}");
    try (FakeOpenAiServer llm = FakeOpenAiServer.start()) {
      llm.enqueue("Healthy: Yes");
      runner
          .withPropertyValues(
              "aegis.ai.base-url=" + llm.baseUrl(),
              "aegis.ai.api-key=" + FakeOpenAiServer.API_KEY,
              "aegis.ai.model=local-model",
              "aegis.ai.prompt-dir=" + dir)
          .run(
              context -> {
                RenderedPrompt prompt =
                    context
                        .getBean(Prompts.class)
                        .render(
                            PromptKind.DIAGNOSE_NODE,
                            Map.of(
                                "Name",
                                "gpu-07",
                                "LogInfo",
                                "curl -H 'Authorization: Bearer abcDEF123456'"));

                LlmAnswer answer = context.getBean(LlmClient.class).ask(prompt);

                assertThat(answer.text()).isEqualTo("Healthy: Yes");
                assertThat(answer.model()).isEqualTo("local-model");
                assertThat(llm.lastRequest().systemMessage())
                    .hasValue("Custom node prompt in English.");
                assertThat(llm.lastRequest().userMessage())
                    .startsWith("Node gpu-07:")
                    .doesNotContain("abcDEF123456");
              });
    }
  }

  @Test
  void failsAtStartupOnABrokenPromptOverrideWhenAiIsConfigured() throws IOException {
    Files.writeString(dir.resolve("alert-parse.txt"), "{{ .Alert }}");

    runner
        .withPropertyValues("aegis.ai.api-key=sk-x", "aegis.ai.prompt-dir=" + dir)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("alert-parse.txt")
                    .hasMessageContaining("unknown variable 'Alert'"));
    runner
        .withPropertyValues("aegis.ai.prompt-dir=" + dir)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnClient() {
    runner
        .withUserConfiguration(OwnClient.class)
        .run(context -> assertThat(context.getBean(LlmClient.class)).isSameAs(OwnClient.CLIENT));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    static final LlmClient CLIENT = new NotConfiguredLlmClient();

    @Bean
    LlmClient ownClient() {
      return CLIENT;
    }
  }
}
