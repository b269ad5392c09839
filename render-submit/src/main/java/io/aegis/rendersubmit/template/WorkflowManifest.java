package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Checks and normalises a parsed manifest into the Workflow the schema and the API server see. */
final class WorkflowManifest {
  static final String API_VERSION = "argoproj.io/v1alpha1";
  static final String KIND = "Workflow";

  private WorkflowManifest() {}

  /**
   * Requires {@code apiVersion: argoproj.io/v1alpha1}, {@code kind: Workflow}, a {@code spec} and
   * no {@code status}; drops null members (as the API server prunes them); rewrites {@code
   * spec.ttlSecondsAfterFinished} (removed in Argo 3.0) to {@code
   * spec.ttlStrategy.secondsAfterCompletion}.
   *
   * @return warnings about what was rewritten
   */
  static List<String> normalise(ObjectNode workflow) {
    dropNulls(workflow);
    String apiVersion = workflow.path("apiVersion").asText(null);
    String kind = workflow.path("kind").asText(null);
    if (!API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
      throw new TemplateInvalidException(
          "the manifest must be apiVersion: "
              + API_VERSION
              + ", kind: "
              + KIND
              + " (found apiVersion: "
              + apiVersion
              + ", kind: "
              + kind
              + ")");
    }
    if (workflow.has("status")) {
      throw new TemplateInvalidException("the manifest sets status, which only Argo may write");
    }
    if (!workflow.path("spec").isObject()) {
      throw new TemplateInvalidException("the manifest has no spec");
    }
    if (!workflow.has("metadata")) {
      workflow.putObject("metadata");
    } else if (!workflow.get("metadata").isObject()) {
      throw new TemplateInvalidException("metadata must be a mapping");
    }
    List<String> warnings = new ArrayList<>();
    ObjectNode spec = (ObjectNode) workflow.get("spec");
    JsonNode ttl = spec.remove("ttlSecondsAfterFinished");
    if (ttl != null) {
      JsonNode strategy = spec.path("ttlStrategy");
      if (strategy.isObject() && strategy.has("secondsAfterCompletion")) {
        warnings.add(
            "spec.ttlSecondsAfterFinished was removed in Argo Workflows 3.0 and is ignored;"
                + " spec.ttlStrategy.secondsAfterCompletion is already set; delete the old field");
      } else {
        ObjectNode target =
            strategy.isObject() ? (ObjectNode) strategy : spec.putObject("ttlStrategy");
        target.set("secondsAfterCompletion", ttl);
        warnings.add(
            "spec.ttlSecondsAfterFinished was removed in Argo Workflows 3.0; rewritten to"
                + " spec.ttlStrategy.secondsAfterCompletion: "
                + ttl.asText()
                + " (update the template)");
      }
    }
    return warnings;
  }

  private static void dropNulls(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNull()) {
          it.remove();
        } else {
          dropNulls(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(WorkflowManifest::dropNulls);
    }
  }
}
