package io.aegis.kernel.aot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One HTTP request of an {@link AotTrainingScenario}.
 *
 * @param method HTTP method
 * @param path path (and query) on the function's own port
 * @param headers request headers
 * @param body request body, null for none
 */
public record TrainingRequest(
    String method, String path, Map<String, String> headers, String body) {

  /**
   * A binary-mode CloudEvent posted to {@code POST /}, as the broker or a source delivers it.
   *
   * @param extensions CloudEvent extension attributes (ApiServerSource's {@code kind}, {@code
   *     name}…), sent as {@code Ce-<Name>} headers
   */
  public static TrainingRequest cloudEvent(
      String type, String source, String subject, Map<String, String> extensions, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Ce-Specversion", "1.0");
    headers.put("Ce-Id", UUID.randomUUID().toString());
    headers.put("Ce-Type", type);
    headers.put("Ce-Source", source);
    if (subject != null) {
      headers.put("Ce-Subject", subject);
    }
    extensions.forEach(
        (k, v) -> headers.put("Ce-" + Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
    headers.put("Content-Type", "application/json");
    return new TrainingRequest("POST", "/", headers, json);
  }

  /** A JSON body posted to {@code path} (a webhook). */
  public static TrainingRequest postJson(String path, String json) {
    return new TrainingRequest("POST", path, Map.of("Content-Type", "application/json"), json);
  }

  /** A GET of {@code path} (a probe). */
  public static TrainingRequest get(String path) {
    return new TrainingRequest("GET", path, Map.of(), null);
  }
}
