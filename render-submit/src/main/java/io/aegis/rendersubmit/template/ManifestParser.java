package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses a rendered manifest into a JSON tree, checking on the way that every interpolated value
 * landed inside one scalar exactly as its escaping intended (see {@link Insertion}). That is what
 * makes a value unable to change the structure of the workflow: it cannot end a scalar, open a
 * mapping, split a flow sequence or be cut by a comment without the check failing.
 *
 * <p>YAML 1.1 as Kubernetes' own YAML reader sees it; one document; aliases bounded; merge keys
 * applied; custom tags and duplicate keys rejected.
 */
final class ManifestParser {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final int maxChars;

  ManifestParser(int maxChars) {
    this.maxChars = maxChars;
  }

  /**
   * The tree of {@code text}.
   *
   * @param session the insertions of the rendering that produced {@code text}
   * @throws TemplateInvalidException when the text is not one YAML mapping or a value misbehaved
   */
  ObjectNode parse(String text, RenderSession session) {
    Node root;
    try {
      root = yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      throw new TemplateInvalidException(
          "the rendered manifest is not valid YAML: "
              + clean(e.getProblem())
              + at(e.getProblemMark())
              + (e.getContext() == null
                  ? ""
                  : " (" + clean(e.getContext()) + at(e.getContextMark()) + ")"));
    } catch (YAMLException e) {
      throw new TemplateInvalidException(
          "the rendered manifest is not valid YAML: " + clean(e.getMessage()));
    }
    if (root == null) {
      throw new TemplateInvalidException("the manifest is empty");
    }
    if (!(root instanceof MappingNode)) {
      throw new TemplateInvalidException(
          "the manifest must be a YAML mapping (an Argo Workflow), not a " + describe(root));
    }
    return (ObjectNode) new Builder(session).build(root);
  }

  private Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(64);
    options.setCodePointLimit(Math.max(maxChars, 1024));
    options.setMergeOnCompose(true);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options),
        new Representer(dumper),
        dumper,
        options,
        new MarkingResolver());
  }

  /** Marks the tags it resolves implicitly, so plain scalars can be re-resolved after stripping. */
  private static final class MarkingResolver extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag tag = super.resolve(kind, value, implicit);
      return implicit && kind == NodeId.scalar && !tag.equals(Tag.MERGE)
          ? new Tag(IMPLICIT + tag.getValue())
          : tag;
    }
  }

  /** Prefix of the tags {@link MarkingResolver} resolved implicitly. */
  private static final String IMPLICIT = "tag:aegis.io,implicit:";

  /** Exposes SafeConstructor's scalar construction (ints in all YAML 1.1 notations, floats...). */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor() {
      super(new LoaderOptions());
    }

    Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }

  private static final class Builder {
    private final RenderSession session;
    private final Resolver resolver = new Resolver();
    private final ScalarConstructor scalars = new ScalarConstructor();

    Builder(RenderSession session) {
      this.session = session;
    }

    JsonNode build(Node node) {
      if (node instanceof MappingNode mapping) {
        requireTag(node, Tag.MAP);
        ObjectNode out = JSON.objectNode();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
          if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
            throw invalid(tuple.getKeyNode(), "mapping keys must be scalars");
          }
          String key = strip(keyNode);
          if (!seen.add(key)) {
            throw invalid(keyNode, "duplicate key '" + Values.preview(key) + "'");
          }
          out.set(key, build(tuple.getValueNode()));
        }
        return out;
      }
      if (node instanceof SequenceNode sequence) {
        requireTag(node, Tag.SEQ);
        ArrayNode out = JSON.arrayNode();
        for (Node item : sequence.getValue()) {
          out.add(build(item));
        }
        return out;
      }
      return scalar((ScalarNode) node);
    }

    private JsonNode scalar(ScalarNode node) {
      String text = strip(node);
      Tag tag = node.getTag();
      if (tag.getValue().startsWith(IMPLICIT)) {
        tag = node.isPlain() ? resolver.resolve(NodeId.scalar, text, true) : Tag.STR;
      }
      if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
        return JSON.textNode(text);
      }
      if (tag.equals(Tag.NULL)) {
        return JSON.nullNode();
      }
      if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
        Object value;
        try {
          value =
              scalars.construct(
                  new ScalarNode(
                      tag, text, node.getStartMark(), node.getEndMark(), node.getScalarStyle()));
        } catch (RuntimeException e) {
          throw invalid(node, "'" + Values.preview(text) + "' is not a valid " + tag.getValue());
        }
        if (value instanceof Boolean b) {
          return JSON.booleanNode(b);
        }
        if (value instanceof Integer i) {
          return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
          return JSON.numberNode(l);
        }
        if (value instanceof BigInteger b) {
          return JSON.numberNode(b);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
          throw invalid(node, "'" + text + "' is not a number JSON can carry");
        }
        return JSON.numberNode(((Number) value).doubleValue());
      }
      throw invalid(node, "YAML tag " + tag.getValue() + " is not allowed");
    }

    private void requireTag(Node node, Tag expected) {
      Tag tag = node.getTag();
      if (!tag.equals(expected)) {
        throw invalid(node, "YAML tag " + tag.getValue() + " is not allowed");
      }
    }

    /** The scalar's text without markers, after checking each marked value. */
    private String strip(ScalarNode node) {
      String v = node.getValue();
      if (!hasReserved(v)) {
        return v;
      }
      StringBuilder out = new StringBuilder(v.length());
      int i = 0;
      while (i < v.length()) {
        char c = v.charAt(i);
        if (!Insertion.isReserved(c)) {
          out.append(c);
          i++;
          continue;
        }
        Insertion.Kind kind = Insertion.Kind.ofOpen(c);
        if (kind == null || i + 3 > v.length()) {
          throw invalid(node, "an interpolated value was split by YAML (" + SPLIT_HINT + ")");
        }
        Insertion insertion = session.get(Insertion.decodeId(v.charAt(i + 1), v.charAt(i + 2)));
        int close = v.indexOf(Insertion.CLOSE, i + 3);
        if (insertion == null || insertion.kind() != kind) {
          throw invalid(node, "an interpolated value was split by YAML (" + SPLIT_HINT + ")");
        }
        if (close < 0) {
          throw new TemplateInvalidException(
              insertion.expression() + " was split by YAML (" + SPLIT_HINT + ")");
        }
        String content = v.substring(i + 3, close);
        if (hasReserved(content) || !content.equals(insertion.content())) {
          throw new TemplateInvalidException(
              insertion.expression()
                  + " was changed by YAML parsing: it sits inside a quoted YAML string, whose"
                  + " escapes altered it; use it in a block scalar (|) or as a whole value");
        }
        switch (kind) {
          case YAML -> {
            if (i != 0
                || close != v.length() - 1
                || node.getScalarStyle() != DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
              throw new TemplateInvalidException(
                  insertion.expression()
                      + ": yaml_string(...) must be a whole YAML value (key: [=yaml_string(x)]);"
                      + " inside a script use shell_quote(...)");
            }
          }
          case SHELL -> {
            if (out.length() == 0
                || out.charAt(out.length() - 1) != '\''
                || close + 1 >= v.length()
                || v.charAt(close + 1) != '\'') {
              throw new TemplateInvalidException(
                  insertion.expression()
                      + ": shell_quote(...) lost its quotes (is it inside a YAML quoted string?)");
            }
            String problem = ShellContext.problemAt(out.toString(), out.length() - 1);
            if (problem != null) {
              throw new TemplateInvalidException(
                  insertion.expression() + ": shell_quote(...) " + problem);
            }
          }
          case PLAIN -> {}
          default -> throw new IllegalStateException(kind.name());
        }
        out.append(content);
        i = close + 1;
      }
      return out.toString();
    }
  }

  private static final String SPLIT_HINT =
      "by ',' in a flow sequence, a '#' comment or a ': ' mapping indicator around it";

  private static boolean hasReserved(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Insertion.isReserved(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static TemplateInvalidException invalid(Node node, String message) {
    return new TemplateInvalidException(message + at(node.getStartMark()));
  }

  private static String at(Mark mark) {
    return mark == null
        ? ""
        : " at line "
            + (mark.getLine() + 1)
            + ", column "
            + (mark.getColumn() + 1)
            + " of the rendered manifest";
  }

  /** A YAML message without the renderer's marker characters. */
  private static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Insertion.isReserved(c)) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  private static String describe(Node node) {
    return node instanceof SequenceNode ? "sequence" : "scalar";
  }
}
