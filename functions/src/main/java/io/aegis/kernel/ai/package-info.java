/**
 * LLM use: the OpenAI-compatible client port ({@link io.aegis.kernel.ai.LlmClient}), redaction of
 * everything sent ({@link io.aegis.kernel.ai.Redactor}), prompt files ({@link
 * io.aegis.kernel.ai.Prompts}), extraction of JSON from answers and the explanation cache.
 * Functions use these types only; langchain4j stays behind the port.
 */
package io.aegis.kernel.ai;
