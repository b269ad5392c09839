package io.aegis.rendersubmit.template;

import freemarker.core.Environment;
import freemarker.core.TemplateElement;
import freemarker.core._CoreAPI;
import freemarker.template.TemplateModelException;
import java.util.ArrayList;
import java.util.List;

/** The values spliced into one rendering, kept in the FreeMarker environment's custom state. */
final class RenderSession {
  private static final Object KEY = new Object();

  private final List<Insertion> insertions = new ArrayList<>();

  static RenderSession attach(Environment env) {
    RenderSession session = new RenderSession();
    env.setCustomState(KEY, session);
    return session;
  }

  /** The session of the rendering running on this thread, or null outside a rendering. */
  static RenderSession current() {
    Environment env = Environment.getCurrentEnvironment();
    return env == null ? null : (RenderSession) env.getCustomState(KEY);
  }

  /**
   * Registers a value and returns its marked text.
   *
   * @param body the text as written into the manifest (escaped for YAML/SHELL)
   * @param content what the scalar must read after YAML parsing
   */
  String insert(Insertion.Kind kind, String body, String content) throws TemplateModelException {
    if (insertions.size() >= Insertion.MAX_INSERTIONS) {
      throw new TemplateModelException(
          "more than " + Insertion.MAX_INSERTIONS + " values interpolated");
    }
    Insertion insertion = new Insertion(kind, insertions.size(), currentExpression(), content);
    insertions.add(insertion);
    return insertion.mark(body);
  }

  Insertion get(int id) {
    return id >= 0 && id < insertions.size() ? insertions.get(id) : null;
  }

  List<Insertion> insertions() {
    return insertions;
  }

  /**
   * The interpolation being executed, as written in the template (e.g. {@code [=node]}) with its
   * location, for error messages.
   */
  static String currentExpression() {
    Environment env = Environment.getCurrentEnvironment();
    if (env == null) {
      return "?";
    }
    TemplateElement[] stack = _CoreAPI.getInstructionStackSnapshot(env);
    if (stack == null || stack.length == 0) {
      return "?";
    }
    TemplateElement top = stack[0];
    return top.getDescription()
        + " (line "
        + top.getBeginLine()
        + ", column "
        + top.getBeginColumn()
        + ")";
  }
}
