/**
 * LLM use, behind one port. Functions use these types only; langchain4j stays inside {@link
 * io.aegis.kernel.ai.OpenAiLlmClient}.
 *
 * <ul>
 *   <li>{@link io.aegis.kernel.ai.LlmClient} — ask an OpenAI-compatible server; every prompt is
 *       masked by the {@link io.aegis.kernel.ai.Redactor} first; failures are {@code
 *       AegisException}s ({@code NOT_CONFIGURED} without a key, {@code LLM_UNAVAILABLE}, {@code
 *       UNPROCESSABLE}).
 *   <li>{@link io.aegis.kernel.ai.Prompts} — prompt files per {@link io.aegis.kernel.ai.PromptKind}
 *       and {@link io.aegis.kernel.ai.Language}, overridable from {@code aegis.ai.prompt-dir}.
 *   <li>{@link io.aegis.kernel.ai.AlertJsonExtractor} — the JSON in an answer.
 *   <li>{@link io.aegis.kernel.ai.ExplanationCache} — reuse explanations (cost control).
 * </ul>
 *
 * Parsing free-form alert text (parse-alert):
 *
 * <pre>{@code
 * RenderedPrompt prompt = prompts.render(PromptKind.ALERT_PARSE, Map.of("RawAlert", body));
 * JsonNode alerts = AlertJsonExtractor.extract(llm.ask(prompt).text()); // object or array
 * }</pre>
 *
 * Explaining a diagnosis (diagnose), only when {@code llm.isConfigured()}:
 *
 * <pre>{@code
 * RenderedPrompt prompt = prompts.render(PromptKind.DIAGNOSE_POD, Map.of("Name", name, ...));
 * ExplanationCache.Lookup hit =
 *     cache.getOrAsk(ExplanationCache.Key.of("Pod", ns + "/" + name, prompt), () -> llm.ask(prompt));
 * status.explain = hit.answer().text();
 * status.llm = hit.answer().usage(hit.cached());
 * }</pre>
 *
 * Beans come from {@link io.aegis.kernel.ai.AiAutoConfiguration}; tests point {@code
 * aegis.ai.base-url} at {@code io.aegis.kernel.testing.FakeOpenAiServer} (test-jar).
 */
package io.aegis.kernel.ai;
