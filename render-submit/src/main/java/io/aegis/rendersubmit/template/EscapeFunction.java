package io.aegis.rendersubmit.template;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.util.List;

/**
 * {@code shell_quote(x)} and {@code yaml_string(x)}: the two ways to put a value that is not a
 * plain token into a manifest. Each is exact for one context, and the renderer checks afterwards
 * that it was used in that context.
 */
final class EscapeFunction implements TemplateMethodModelEx {
  static final String SHELL_QUOTE = "shell_quote";
  static final String YAML_STRING = "yaml_string";

  static final EscapeFunction SHELL = new EscapeFunction(SHELL_QUOTE, Insertion.Kind.SHELL);
  static final EscapeFunction YAML = new EscapeFunction(YAML_STRING, Insertion.Kind.YAML);

  private final String name;
  private final Insertion.Kind kind;

  private EscapeFunction(String name, Insertion.Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  @Override
  public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
    if (arguments.size() != 1) {
      throw new TemplateModelException(name + "(...) takes exactly one argument");
    }
    String value = asString((TemplateModel) arguments.get(0));
    String problem = Values.whyNotEscapable(value);
    if (problem != null) {
      throw new ManifestOutputFormat.UnsafeValueException(
          RenderSession.currentExpression()
              + ": value \""
              + Values.preview(value)
              + "\" "
              + problem);
    }
    RenderSession session = RenderSession.current();
    if (session == null) {
      throw new TemplateModelException(name + "(...) used outside a rendering");
    }
    String marked;
    if (kind == Insertion.Kind.SHELL) {
      String quoted = Values.shellQuote(value);
      String body = quoted.substring(1, quoted.length() - 1);
      marked = "'" + session.insert(kind, body, body) + "'";
    } else {
      String quoted = Values.yamlString(value);
      String body = quoted.substring(1, quoted.length() - 1);
      marked = "\"" + session.insert(kind, body, value) + "\"";
    }
    return ManifestOutputFormat.INSTANCE.fromMarkup(marked);
  }

  private String asString(TemplateModel model) throws TemplateModelException {
    if (model instanceof TemplateScalarModel scalar) {
      return scalar.getAsString();
    }
    if (model instanceof TemplateNumberModel number) {
      return number.getAsNumber().toString();
    }
    throw new TemplateModelException(
        name + "(...) takes a string" + (model == null ? " but got an undefined value" : ""));
  }
}
