package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.local.ApiResources.ApiResource;
import io.aegis.local.ApiResources.PrinterColumn;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side printing as kubectl asks for it ({@code Accept:
 * application/json;as=Table;v=v1;g=meta.k8s.io}): a {@code meta.k8s.io/v1 Table} whose columns are
 * {@code Name} followed by the resource's printer columns (a CRD's {@code
 * additionalPrinterColumns}), the cells evaluated from simple JSONPaths ({@code .a.b}, {@code
 * .a[0].b}), dates shown as ages the way the API server does.
 */
final class TableConverter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

  private TableConverter() {}

  /** A Table of {@code items}; {@code resourceVersion} is the list's. */
  static ObjectNode table(
      ApiResource resource, List<JsonNode> items, String resourceVersion, Instant now) {
    ObjectNode table = empty(resource, resourceVersion, true);
    ArrayNode rows = (ArrayNode) table.get("rows");
    items.forEach(item -> rows.add(row(resource, item, now)));
    return table;
  }

  /** A one-row Table for a watch event. */
  static ObjectNode watchTable(ApiResource resource, JsonNode item, Instant now) {
    ObjectNode table =
        empty(resource, item.path("metadata").path("resourceVersion").asText(""), true);
    ((ArrayNode) table.get("rows")).add(row(resource, item, now));
    return table;
  }

  private static ObjectNode empty(ApiResource resource, String resourceVersion, boolean columns) {
    ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    if (columns) {
      definitions
          .addObject()
          .put("name", "Name")
          .put("type", "string")
          .put("format", "name")
          .put(
              "description",
              "Name must be unique within a namespace. More info:"
                  + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
          .put("priority", 0);
      for (PrinterColumn c : resource.columns()) {
        definitions
            .addObject()
            .put("name", c.name())
            .put("type", c.type())
            .put("format", c.format())
            .put("description", c.description())
            .put("priority", c.priority());
      }
    }
    table.putArray("rows");
    return table;
  }

  static ObjectNode row(ApiResource resource, JsonNode item, Instant now) {
    ObjectNode row = JSON.objectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(item.path("metadata").path("name").asText(""));
    for (PrinterColumn c : resource.columns()) {
      cells.add(cell(c, item, now));
    }
    ObjectNode object =
        row.putObject("object")
            .put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = item.path("metadata").deepCopy();
    metadata.remove("managedFields");
    object.set("metadata", metadata);
    return row;
  }

  /** One cell: null when the path finds nothing (kubectl prints {@code <none>}). */
  static JsonNode cell(PrinterColumn column, JsonNode item, Instant now) {
    JsonNode value = eval(column.jsonPath(), item);
    if (value.isMissingNode() || value.isNull()) {
      return NullNode.getInstance();
    }
    switch (column.type()) {
      case "date":
        try {
          return JSON.textNode(humanDuration(Duration.between(Instant.parse(value.asText()), now)));
        } catch (DateTimeParseException e) {
          return JSON.textNode(value.asText());
        }
      case "integer":
      case "number":
        return value.isNumber() ? value : JSON.textNode(value.asText());
      case "boolean":
        return value.isBoolean() ? value : JSON.textNode(value.asText());
      default:
        return value.isValueNode()
            ? JSON.textNode(value.asText())
            : JSON.textNode(value.toString());
    }
  }

  /** A simple JSONPath ({@code .a.b[0].c}, optionally in braces); missing node when unsupported. */
  static JsonNode eval(String jsonPath, JsonNode item) {
    String path = jsonPath.strip();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    JsonNode node = item;
    Matcher m = STEP.matcher(path);
    int at = 0;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        return JSON.missingNode();
      }
      node = m.group(1) != null ? node.path(m.group(1)) : node.path(Integer.parseInt(m.group(2)));
      at = m.end();
    }
    return node;
  }

  /** The API server's age format (k8s.io/apimachinery duration.HumanDuration). */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
