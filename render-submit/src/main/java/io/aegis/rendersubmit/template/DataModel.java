package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import freemarker.template.SimpleCollection;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's view of the data: read-only hashes, sequences and scalars built by hand, so no
 * object wrapper is involved and no Java method is reachable. The escaping functions and {@code
 * alert} are reserved names that an alert detail cannot shadow.
 */
final class DataModel {
  static final String ALERT = "alert";
  static final Set<String> RESERVED =
      Set.of(ALERT, EscapeFunction.SHELL_QUOTE, EscapeFunction.YAML_STRING);

  private DataModel() {}

  /** The root hash for {@code variables}. */
  static TemplateHashModelEx root(TemplateVariables variables) {
    return new Root(variables);
  }

  /** A root that answers every name with a placeholder token (template validation dry-run). */
  static TemplateHashModelEx placeholders() {
    return new PlaceholderRoot();
  }

  static final String PLACEHOLDER = "aegis-placeholder";

  private static final class Root implements TemplateHashModelEx {
    private final TemplateVariables variables;

    Root(TemplateVariables variables) {
      this.variables = variables;
    }

    @Override
    public TemplateModel get(String key) {
      switch (key) {
        case EscapeFunction.SHELL_QUOTE:
          return EscapeFunction.SHELL;
        case EscapeFunction.YAML_STRING:
          return EscapeFunction.YAML;
        case ALERT:
          return variables.alert().isNull() ? null : wrap(variables.alert());
        default:
          String value = variables.values().get(key);
          return value == null ? null : new SimpleScalar(value);
      }
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    @Override
    public int size() {
      return keyList().size();
    }

    @Override
    public TemplateCollectionModel keys() {
      return scalars(keyList());
    }

    @Override
    public TemplateCollectionModel values() throws TemplateModelException {
      List<TemplateModel> out = new ArrayList<>();
      for (String k : keyList()) {
        out.add(get(k));
      }
      return new SimpleCollection(out, null);
    }

    private List<String> keyList() {
      List<String> keys = new ArrayList<>();
      for (String k : variables.values().keySet()) {
        if (!RESERVED.contains(k)) {
          keys.add(k);
        }
      }
      return keys;
    }
  }

  private static final class PlaceholderRoot implements TemplateHashModelEx, TemplateScalarModel {
    @Override
    public TemplateModel get(String key) {
      return switch (key) {
        case EscapeFunction.SHELL_QUOTE -> EscapeFunction.SHELL;
        case EscapeFunction.YAML_STRING -> EscapeFunction.YAML;
        default -> this;
      };
    }

    @Override
    public String getAsString() {
      return PLACEHOLDER;
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    @Override
    public int size() {
      return 0;
    }

    @Override
    public TemplateCollectionModel keys() {
      return new SimpleCollection(List.of(), null);
    }

    @Override
    public TemplateCollectionModel values() {
      return new SimpleCollection(List.of(), null);
    }
  }

  /** Strings as a sequence of scalars (never handed to an object wrapper). */
  private static TemplateCollectionModel scalars(List<String> strings) {
    List<TemplateModel> out = new ArrayList<>(strings.size());
    strings.forEach(s -> out.add(new SimpleScalar(s)));
    return new SimpleCollection(out, null);
  }

  /** A JSON tree as FreeMarker models; absent or null members are undefined. */
  static TemplateModel wrap(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      return new JsonHash(node);
    }
    if (node.isArray()) {
      return new JsonSequence(node);
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE;
    }
    if (node.isNumber()) {
      return new SimpleNumber(node.numberValue());
    }
    return new SimpleScalar(node.asText());
  }

  private static final class JsonHash implements TemplateHashModelEx {
    private final JsonNode node;

    JsonHash(JsonNode node) {
      this.node = node;
    }

    @Override
    public TemplateModel get(String key) {
      return wrap(node.get(key));
    }

    @Override
    public boolean isEmpty() {
      return node.isEmpty();
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public TemplateCollectionModel keys() {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      return scalars(keys);
    }

    @Override
    public TemplateCollectionModel values() {
      List<TemplateModel> values = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        values.add(wrap(it.next().getValue()));
      }
      return new SimpleCollection(values, null);
    }
  }

  private static final class JsonSequence implements TemplateSequenceModel {
    private final JsonNode node;

    JsonSequence(JsonNode node) {
      this.node = node;
    }

    @Override
    public TemplateModel get(int index) {
      return wrap(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }
}
