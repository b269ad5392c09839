package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.Names;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code aegis render --template T --alert A}: prints the Workflow a rule would submit for an
 * alert, without a cluster. {@code T} is a YAML file with an {@code AegisOpsTemplate} (alone, or
 * with its rule, as in {@code examples/}); {@code A} an alert in the custom JSON format. The alert
 * is turned into the AegisAlert parse-alert would record (namespace {@code monitoring}, source
 * {@code Default}) and rendered by render-submit's engine: the same checks, the same errors.
 */
final class RenderCommand {
  /** Renders a manifest for an alert into Workflow YAML, or throws with the render error. */
  interface Renderer {
    Result render(String manifest, AegisAlert alert);
  }

  /** A rendered Workflow (YAML) and the renderer's warnings. */
  record Result(String yaml, List<String> warnings) {}

  /** A render that failed for a reason the user can fix. */
  static final class RenderException extends RuntimeException {
    RenderException(String message) {
      super(message);
    }
  }

  static final String USAGE =
      "Usage: ./aegis render --template <template.yaml> --alert <alert.json> [--template-name NAME]";

  private final Renderer renderer;

  RenderCommand(Renderer renderer) {
    this.renderer = renderer;
  }

  /** Runs the command; returns the exit code. */
  int run(List<String> args, PrintStream out, PrintStream err) {
    Path template = null;
    Path alert = null;
    String name = null;
    Map<String, String> params = new LinkedHashMap<>();
    Iterator<String> it = args.iterator();
    while (it.hasNext()) {
      String arg = it.next();
      if (!it.hasNext()) {
        err.println(arg + " needs a value\n" + USAGE);
        return 2;
      }
      switch (arg) {
        case "--template" -> template = Path.of(it.next());
        case "--alert" -> alert = Path.of(it.next());
        case "--template-name" -> name = it.next();
        case "--param" -> {
          String kv = it.next();
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            err.println("--param wants key=value, got " + kv);
            return 2;
          }
          params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> {
          err.println("unknown option " + arg + "\n" + USAGE);
          return 2;
        }
      }
    }
    if (template == null || alert == null) {
      err.println(USAGE);
      return 2;
    }
    try {
      String manifest = manifest(template, name);
      AegisAlert recorded = alert(Files.readString(alert));
      if (!params.isEmpty()) {
        recorded.getMetadata().setAnnotations(params);
      }
      Result result = renderer.render(manifest, recorded);
      result.warnings().forEach(w -> err.println("warning: " + w));
      out.println(
          "# The Workflow spec rendered for alert "
              + recorded.getMetadata().getName()
              + " (render-submit also sets its name, namespace, labels and owner)");
      out.print(result.yaml());
      return 0;
    } catch (RenderException | IllegalArgumentException e) {
      err.println("render error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("cannot read " + e.getMessage());
      return 1;
    }
  }

  /** The manifest of the template in {@code file}: the named one, the rule's, or the only one. */
  static String manifest(Path file, String name) {
    List<ObjectNode> objects = Manifests.read(file);
    List<ObjectNode> templates =
        objects.stream().filter(o -> "AegisOpsTemplate".equals(Manifests.kind(o))).toList();
    String wanted = name;
    if (wanted == null && templates.size() > 1) {
      wanted =
          objects.stream()
              .filter(o -> "AegisAlertOpsRule".equals(Manifests.kind(o)))
              .map(o -> o.path("spec").path("opsTemplate").path("name").asText(null))
              .findFirst()
              .orElse(null);
    }
    String selected = wanted;
    List<ObjectNode> matching =
        templates.stream()
            .filter(t -> selected == null || selected.equals(Manifests.name(t)))
            .toList();
    if (matching.size() != 1) {
      throw new IllegalArgumentException(
          file
              + " holds "
              + (matching.isEmpty() ? "no" : "several")
              + " AegisOpsTemplate"
              + (selected == null ? "" : " named " + selected)
              + "; templates: "
              + templates.stream().map(Manifests::name).toList()
              + " (choose one with --template-name)");
    }
    JsonNode manifest = matching.get(0).path("spec").path("manifest");
    if (!manifest.isTextual()) {
      throw new IllegalArgumentException(
          file + ": spec.manifest of " + Manifests.name(matching.get(0)) + " is not a string");
    }
    return manifest.asText();
  }

  /** The AegisAlert parse-alert records for a custom-format alert (keys case-insensitive). */
  static AegisAlert alert(String json) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the alert is not JSON: " + e.getMessage());
    }
    if (!(body instanceof ObjectNode)) {
      throw new IllegalArgumentException("the alert must be a JSON object in the custom format");
    }
    Map<String, JsonNode> fields = lower(body);
    Map<String, JsonNode> object =
        lower(fields.getOrDefault("involvedobject", Json.MAPPER.createObjectNode()));
    String type = text(fields, "type");
    if (type == null) {
      throw new IllegalArgumentException("the alert has no type");
    }
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = type;
    String status = text(fields, "status") == null ? "Firing" : text(fields, "status");
    spec.status =
        AlertStatus.parse(status)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "status must be Firing or Resolved, got " + status));
    spec.involvedObject = new InvolvedObject();
    spec.involvedObject.kind = text(object, "kind");
    spec.involvedObject.name = text(object, "name");
    spec.involvedObject.namespace = text(object, "namespace");
    spec.involvedObject.node = text(object, "node");
    if ("Node".equalsIgnoreCase(spec.involvedObject.kind) && spec.involvedObject.node == null) {
      spec.involvedObject.node = spec.involvedObject.name;
    }
    JsonNode details = fields.get("details");
    if (details != null) {
      details.properties().forEach(e -> spec.details.put(e.getKey(), e.getValue().asText()));
    }
    spec.fingerprint =
        text(fields, "fingerprint") == null ? "render-sample" : text(fields, "fingerprint");
    AegisAlert alert = new AegisAlert();
    alert.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.alertName(AlertSource.Default, type, spec.fingerprint))
            .withNamespace(Examples.DEFAULT_NAMESPACE)
            .build());
    alert.setSpec(spec);
    return alert;
  }

  private static Map<String, JsonNode> lower(JsonNode node) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return map;
  }

  private static String text(Map<String, JsonNode> fields, String key) {
    JsonNode v = fields.get(key);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
