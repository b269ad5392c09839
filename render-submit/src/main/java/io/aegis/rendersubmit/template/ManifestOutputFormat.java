package io.aegis.rendersubmit.template;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.Writer;

/**
 * The output format of manifests: every {@code [=expr]} goes through {@link #escapePlainText},
 * which only lets plain tokens through (and marks them). Values escaped by {@code shell_quote} /
 * {@code yaml_string} arrive as {@link Markup} and are written as they are.
 */
final class ManifestOutputFormat extends CommonMarkupOutputFormat<ManifestOutputFormat.Markup> {
  static final ManifestOutputFormat INSTANCE = new ManifestOutputFormat();

  private ManifestOutputFormat() {}

  @Override
  public String getName() {
    return "aegisManifest";
  }

  @Override
  public String getMimeType() {
    return "application/yaml";
  }

  @Override
  public void output(String textToEsc, Writer out) throws IOException, TemplateModelException {
    out.write(escapePlainText(textToEsc));
  }

  @Override
  public String escapePlainText(String plainTextContent) throws TemplateModelException {
    if (!Values.isPlainToken(plainTextContent)) {
      throw new UnsafeValueException(
          RenderSession.currentExpression()
              + ": value \""
              + Values.preview(plainTextContent)
              + "\" is not a plain token ("
              + Values.whyNotPlain(plainTextContent)
              + "); write shell_quote(...) inside a script or yaml_string(...) for a whole YAML"
              + " value");
    }
    RenderSession session = RenderSession.current();
    if (session == null) {
      // Constant folding at parse time: a literal written in the template itself.
      return plainTextContent;
    }
    return session.insert(Insertion.Kind.PLAIN, plainTextContent, plainTextContent);
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new Markup(plainTextContent, markupContent);
  }

  /** Already-escaped (and marked) manifest text. */
  static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
    Markup(String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
    }

    @Override
    public ManifestOutputFormat getOutputFormat() {
      return INSTANCE;
    }
  }

  /** A value that may not be interpolated as it is. */
  static final class UnsafeValueException extends TemplateModelException {
    UnsafeValueException(String message) {
      super(message);
    }
  }
}
