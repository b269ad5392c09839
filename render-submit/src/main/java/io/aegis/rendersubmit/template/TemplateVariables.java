package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables a template sees for one alert, with the names and precedence of the Go original
 * (later ones win): {@code InvolvedObjectKind/Name/Namespace/Node}, every {@code details} key,
 * every annotation (system parameters such as {@code cluster}), {@code AlertName}, {@code
 * AlertNamespace}. Empty values are left undefined, so using one fails the render instead of
 * putting an empty string into a command. {@code alert} is the whole AegisAlert.
 */
public final class TemplateVariables {
  private final Map<String, String> values;
  private final JsonNode alert;

  private TemplateVariables(Map<String, String> values, JsonNode alert) {
    this.values = Collections.unmodifiableMap(values);
    this.alert = alert;
  }

  public static TemplateVariables of(AegisAlert alert) {
    Map<String, String> values = new LinkedHashMap<>();
    InvolvedObject object = alert.getSpec() == null ? null : alert.getSpec().involvedObject;
    if (object != null) {
      put(values, "InvolvedObjectKind", object.kind);
      put(values, "InvolvedObjectName", object.name);
      put(values, "InvolvedObjectNamespace", object.namespace);
      put(values, "InvolvedObjectNode", object.node);
    }
    if (alert.getSpec() != null && alert.getSpec().details != null) {
      alert.getSpec().details.forEach((k, v) -> put(values, k, v));
    }
    if (alert.getMetadata() != null) {
      if (alert.getMetadata().getAnnotations() != null) {
        alert.getMetadata().getAnnotations().forEach((k, v) -> put(values, k, v));
      }
      put(values, "AlertName", alert.getMetadata().getName());
      put(values, "AlertNamespace", alert.getMetadata().getNamespace());
    }
    return new TemplateVariables(values, Json.MAPPER.valueToTree(alert));
  }

  /** Variables without an alert object (tests, the offline {@code aegis render} command). */
  public static TemplateVariables of(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> put(copy, k, v));
    return new TemplateVariables(copy, NullNode.getInstance());
  }

  private static void put(Map<String, String> values, String key, String value) {
    if (value == null || value.isEmpty()) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
  }

  /** Name to value, in precedence order (later sources already applied). */
  public Map<String, String> values() {
    return values;
  }

  /** The alert as a JSON tree, or a null node. */
  public JsonNode alert() {
    return alert;
  }
}
