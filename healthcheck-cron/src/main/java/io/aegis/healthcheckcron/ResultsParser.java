package io.aegis.healthcheckcron;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aegis.kernel.crd.CheckItemResult;
import io.aegis.kernel.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the results a check script printed: the <em>last</em> line of the log that starts with
 * {@code results:} (at column 0), and the indented lines after it, parsed as YAML of the shape
 * {@code results: {<module>: [{item, condition, level, status, message}]}}. Log lines printed after
 * the block (anything at column 0) end it, so a trailing "done" does not spoil the results. Pure.
 */
final class ResultsParser {
  private static final String MARKER = "results:";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final int MAX_ERROR_LENGTH = 300;

  /**
   * The outcome: results, or why there are none.
   *
   * @param reason null when parsed; {@link CheckVocabulary#RESULTS_MISSING} or {@link
   *     CheckVocabulary#RESULTS_UNPARSEABLE} otherwise
   */
  record Parsed(Map<String, List<CheckItemResult>> results, String reason, String message) {
    boolean ok() {
      return reason == null;
    }

    static Parsed failure(String reason, String message) {
      return new Parsed(Map.of(), reason, message);
    }
  }

  private ResultsParser() {}

  static Parsed parse(String log) {
    String block = lastBlock(log == null ? "" : log);
    if (block == null) {
      return Parsed.failure(
          CheckVocabulary.RESULTS_MISSING,
          "the check pod's log has no line starting with 'results:'");
    }
    JsonNode root;
    try {
      root = YAML.readTree(block);
    } catch (JsonProcessingException e) {
      return unparseable("the results block is not valid YAML: " + e.getOriginalMessage());
    }
    JsonNode results = root == null ? null : root.get("results");
    if (results == null || results.isNull()) {
      return new Parsed(Map.of(), null, null);
    }
    if (!results.isObject()) {
      return unparseable("'results' must map module names to lists of items");
    }
    Map<String, List<CheckItemResult>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> module = it.next();
      JsonNode items = module.getValue();
      List<CheckItemResult> list = new ArrayList<>();
      if (items != null && !items.isNull()) {
        if (!items.isArray()) {
          return unparseable("module '" + module.getKey() + "' must be a list of items");
        }
        int i = 0;
        for (JsonNode item : items) {
          i++;
          if (!item.isObject() || !item.hasNonNull("item") || item.get("item").asText().isBlank()) {
            return unparseable(
                "item " + i + " of module '" + module.getKey() + "' needs an 'item' name");
          }
          try {
            list.add(Json.MAPPER.treeToValue(item, CheckItemResult.class));
          } catch (JsonProcessingException | IllegalArgumentException e) {
            return unparseable(
                "item " + i + " of module '" + module.getKey() + "': " + e.getMessage());
          }
        }
      }
      out.put(module.getKey(), list);
    }
    return new Parsed(out, null, null);
  }

  /** The text of the last {@code results:} block, or null when the log has none. */
  static String lastBlock(String log) {
    String[] lines = log.replace("\r", "").split("\n", -1);
    int start = -1;
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith(MARKER)) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      return null;
    }
    StringBuilder block = new StringBuilder(lines[start]).append('\n');
    for (int i = start + 1; i < lines.length; i++) {
      String line = lines[i];
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        break;
      }
      block.append(line).append('\n');
    }
    return block.toString();
  }

  private static Parsed unparseable(String message) {
    String m = message == null ? "unreadable" : message.replaceAll("\\s+", " ").trim();
    if (m.length() > MAX_ERROR_LENGTH) {
      m = m.substring(0, MAX_ERROR_LENGTH) + "...";
    }
    return Parsed.failure(CheckVocabulary.RESULTS_UNPARSEABLE, m);
  }
}
