package io.aegis.kernel.ai;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * LLM beans for every function: {@link LlmClient}, {@link Prompts}, {@link Redactor} and the {@link
 * ExplanationCache}, from {@code aegis.ai.*}. Cheap at startup: without an API key the client only
 * reports "not configured"; with one, the HTTP client is built on the first call.
 */
@AutoConfiguration
@EnableConfigurationProperties(AiProperties.class)
public class AiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public Redactor aegisRedactor(AiProperties properties) {
    return Redactor.from(properties.redact());
  }

  @Bean
  @ConditionalOnMissingBean
  public Prompts aegisPrompts(AiProperties properties) {
    Prompts prompts = Prompts.from(properties);
    if (properties.configured() && properties.promptDir() != null) {
      // A broken override fails the start (the pod crash-loops with the reason) instead of
      // every later LLM call.
      prompts.validate();
    }
    return prompts;
  }

  @Bean
  @ConditionalOnMissingBean
  public LlmClient aegisLlmClient(AiProperties properties, Redactor redactor) {
    return LlmClientFactory.create(properties, redactor);
  }

  @Bean
  @ConditionalOnMissingBean
  public ExplanationCache aegisExplanationCache(AiProperties properties) {
    return ExplanationCache.from(properties);
  }
}
