package io.aegis.parsealert;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.error.AegisException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the two JSON formats parse-alert accepts into {@link Alert}s: the custom format of the
 * original (keys case-insensitive at every level, {@code detials} accepted) and the Alertmanager
 * webhook payload (version 4), whose items are parsed independently. Pure: no I/O.
 */
final class AlertParser {

  /** Alerts that parsed, and one message per item that did not (prefixed with its index). */
  record Batch(List<Alert> alerts, List<String> problems) {}

  private static final Alert.Fields ALERTMANAGER_FIELDS =
      new Alert.Fields(
          "labels.alertname",
          "status",
          "labels.involved_object_name (or pod, node, instance, job)",
          "labels.namespace");

  /**
   * Parses one alert of the custom format.
   *
   * @throws AegisException (invalid input) naming the offending field
   */
  static Alert custom(JsonNode body, AlertSource source) {
    if (body == null || !body.isObject()) {
      throw AegisException.invalid("the alert must be a JSON object");
    }
    List<String> problems = new ArrayList<>();
    JsonNode object = field(body, "involvedObject");
    if (object != null && !object.isObject() && !object.isNull()) {
      problems.add("involvedObject must be an object");
      object = null;
    }
    Map<String, String> details = new LinkedHashMap<>();
    // The original wrote "detials"; "details" wins when both are present.
    details.putAll(stringMap(field(body, "detials"), "detials", problems));
    details.putAll(stringMap(field(body, "details"), "details", problems));
    Alert.Raw raw =
        new Alert.Raw(
            text(body, "type", problems),
            text(body, "status", problems),
            text(object, "kind", problems, "involvedObject."),
            text(object, "name", problems, "involvedObject."),
            text(object, "namespace", problems, "involvedObject."),
            text(object, "node", problems, "involvedObject."),
            details,
            text(body, "fingerprint", problems));
    if (!problems.isEmpty()) {
      throw AegisException.invalid(String.join("; ", problems));
    }
    return Alert.validated(source, raw, Alert.Fields.CUSTOM);
  }

  /**
   * Parses an Alertmanager webhook payload: every {@code alerts[]} item on its own, so one bad item
   * does not stop the others.
   *
   * @throws AegisException (invalid input) when the payload itself is not a webhook payload
   */
  static Batch alertmanager(JsonNode payload, AlertSource source) {
    JsonNode items = payload == null ? null : payload.get("alerts");
    if (items == null || !items.isArray()) {
      throw AegisException.invalid(
          "not an Alertmanager webhook payload: \"alerts\" must be an array");
    }
    List<Alert> alerts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        alerts.add(alertmanagerItem(items.get(i), source));
      } catch (AegisException e) {
        problems.add("alerts[" + i + "]: " + e.getMessage());
      }
    }
    return new Batch(alerts, problems);
  }

  /**
   * One Alertmanager alert: type = label {@code alertname}; kind = label {@code kind}, else Pod
   * when a {@code pod} label exists, else Node when a {@code node} label exists; name = label
   * {@code involved_object_name}, else the pod / node / instance / job label; details = all labels
   * plus the {@code description} and {@code summary} annotations; fingerprint = Alertmanager's.
   */
  private static Alert alertmanagerItem(JsonNode item, AlertSource source) {
    if (item == null || !item.isObject()) {
      throw AegisException.invalid("must be a JSON object");
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> labels = stringMap(item.get("labels"), "labels", problems);
    Map<String, String> annotations = stringMap(item.get("annotations"), "annotations", problems);
    if (!problems.isEmpty()) {
      throw AegisException.invalid(String.join("; ", problems));
    }
    String kind = labels.get("kind");
    if (isBlank(kind)) {
      kind = labels.containsKey("pod") ? Alert.POD : labels.containsKey("node") ? Alert.NODE : "";
    }
    kind = Alert.canonicalKind(kind.trim());
    String name = labels.get("involved_object_name");
    if (isBlank(name)) {
      name =
          switch (kind) {
            case Alert.POD -> labels.get("pod");
            case Alert.NODE -> firstPresent(labels, "node", "instance");
            default -> firstPresent(labels, "pod", "node", "instance", "job");
          };
    }
    // A Node is cluster-scoped: a namespace label there is the exporter's, not the object's.
    String namespace = Alert.NODE.equals(kind) ? "" : labels.get("namespace");
    String node = Alert.NODE.equals(kind) ? "" : labels.get("node");
    Map<String, String> details = new LinkedHashMap<>(labels);
    for (String key : List.of("description", "summary")) {
      if (!isBlank(annotations.get(key))) {
        details.put(key, annotations.get(key));
      }
    }
    JsonNode fingerprint = item.get("fingerprint");
    Alert.Raw raw =
        new Alert.Raw(
            labels.get("alertname"),
            item.path("status").asText(""),
            kind,
            name,
            namespace,
            node,
            details,
            fingerprint == null || !fingerprint.isValueNode() ? "" : fingerprint.asText());
    return Alert.validated(source, raw, ALERTMANAGER_FIELDS);
  }

  /** The field named {@code name} in any letter case, preferring the exact spelling. */
  private static JsonNode field(JsonNode object, String name) {
    if (object == null || !object.isObject()) {
      return null;
    }
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String text(JsonNode object, String name, List<String> problems) {
    return text(object, name, problems, "");
  }

  private static String text(JsonNode object, String name, List<String> problems, String path) {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isValueNode()) {
      problems.add(path + name + " must be a string");
      return "";
    }
    return value.asText();
  }

  /** A JSON object of scalars as strings; nulls are dropped, nested values are a problem. */
  private static Map<String, String> stringMap(JsonNode node, String path, List<String> problems) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      problems.add(path + " must be an object of strings");
      return map;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        continue;
      }
      if (value.isValueNode()) {
        map.put(e.getKey(), value.asText());
      } else {
        problems.add(path + "." + e.getKey() + " must be a string");
      }
    }
    return map;
  }

  private static String firstPresent(Map<String, String> labels, String... keys) {
    for (String key : keys) {
      if (!isBlank(labels.get(key))) {
        return labels.get(key);
      }
    }
    return "";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private AlertParser() {}
}
