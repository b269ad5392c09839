package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import freemarker.core.Environment;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateElement;
import freemarker.core.TextBlock;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModel;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code AegisOpsTemplate.spec.manifest} for an alert into a checked Argo Workflow.
 *
 * <ol>
 *   <li>Go-template field references {@code {{.x}}} become {@code [=x]}; other Go actions fail.
 *   <li>FreeMarker with square-bracket tags and interpolation ({@code [#if x??]}, {@code [=x]}), so
 *       shell {@code ${VAR}} and Argo {@code {{workflow.name}}} are plain text. Strict: an
 *       undefined variable fails. Sandboxed: no class instantiation, no {@code ?api}, no Java
 *       methods, no includes, no settings, bounded output and time.
 *   <li>Every interpolated value must be a plain token unless passed through {@code
 *       shell_quote(...)} or {@code yaml_string(...)}; after YAML parsing each value is checked to
 *       sit, intact, inside one scalar in the context its escaping is made for.
 *   <li>The result must be one {@code argoproj.io/v1alpha1 Workflow}, valid against Argo's schema
 *       with objects closed; {@code spec.ttlSecondsAfterFinished} is rewritten with a warning.
 * </ol>
 *
 * Thread-safe; no Spring. Failures are {@link TemplateInvalidException}s with a message for users.
 */
public final class WorkflowTemplateEngine {
  /** Bounds on one rendering. */
  public record Limits(int maxManifestChars, int maxOutputChars, Duration timeout) {
    public static final Limits DEFAULT = new Limits(256 * 1024, 1024 * 1024, Duration.ofSeconds(2));
  }

  private static final Pattern FORBIDDEN_BUILT_IN =
      Pattern.compile("\\?\\s*(no_esc|noEsc|interpret|eval|new|api|has_api|hasApi)\\b");
  private static final Pattern FORBIDDEN_DIRECTIVE =
      Pattern.compile(
          "^#(noautoesc|noAutoEsc|outputformat|outputFormat|setting|include|import)\\b");
  private static final Pattern FTL_HEADER = Pattern.compile("\\A\\s*\\[#ftl[\\s\\]/]");

  private final Limits limits;
  private final Configuration config;
  private final ManifestParser parser;
  private final ExecutorService renderers;

  public WorkflowTemplateEngine() {
    this(Limits.DEFAULT);
  }

  public WorkflowTemplateEngine(Limits limits) {
    this.limits = limits;
    this.config = configuration();
    this.parser = new ManifestParser(limits.maxOutputChars());
    this.renderers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "template-render");
              t.setDaemon(true);
              return t;
            });
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setTagSyntax(Configuration.SQUARE_BRACKET_TAG_SYNTAX);
    c.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    c.setTemplateLoader(null);
    c.setLocalizedLookup(false);
    c.setRecognizeStandardFileExtensions(false);
    c.setRegisteredCustomOutputFormats(List.of(ManifestOutputFormat.INSTANCE));
    c.setOutputFormat(ManifestOutputFormat.INSTANCE);
    c.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setNumberFormat("computer");
    c.setBooleanFormat("c");
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setTabSize(1);
    return c;
  }

  /** Renders {@code manifest} for {@code variables} into a checked Workflow. */
  public RenderedWorkflow render(String manifest, TemplateVariables variables) {
    Template template = compile(manifest);
    Output out = process(template, DataModel.root(variables), variables);
    ObjectNode workflow = parser.parse(out.text(), out.session());
    List<String> warnings = WorkflowManifest.normalise(workflow);
    List<String> problems = WorkflowSchema.problems(workflow, m -> false);
    if (!problems.isEmpty()) {
      throw new TemplateInvalidException(schemaMessage(problems));
    }
    return new RenderedWorkflow(workflow, warnings);
  }

  /**
   * Checks a template without an alert: syntax, sandbox rules, and, when it renders with every
   * variable set to a placeholder token, the YAML, the kind and the schema (ignoring problems of
   * the placeholder values themselves). A template whose dry run fails on data (e.g. comparing a
   * variable as a number) is accepted on syntax alone; its renders are still fully checked.
   */
  public TemplateCheck check(String manifest) {
    try {
      Template template = compile(manifest);
      Output out;
      try {
        out = process(template, DataModel.placeholders(), null);
      } catch (DataDependentFailure e) {
        return TemplateCheck.ok(List.of());
      }
      ObjectNode workflow = parser.parse(out.text(), out.session());
      List<String> warnings = WorkflowManifest.normalise(workflow);
      List<String> problems =
          WorkflowSchema.problems(workflow, WorkflowTemplateEngine::placeholderCaused);
      if (!problems.isEmpty()) {
        return TemplateCheck.invalid(schemaMessage(problems));
      }
      return TemplateCheck.ok(warnings);
    } catch (TemplateInvalidException e) {
      return TemplateCheck.invalid(e.getMessage());
    }
  }

  private static boolean placeholderCaused(ValidationMessage m) {
    JsonNode node = m.getInstanceNode();
    return (node != null && node.isTextual() && node.asText().contains(DataModel.PLACEHOLDER))
        || (m.getProperty() != null && m.getProperty().contains(DataModel.PLACEHOLDER));
  }

  private static String schemaMessage(List<String> problems) {
    int shown = Math.min(problems.size(), 5);
    return "the rendered Workflow does not match the Argo Workflow schema: "
        + String.join("; ", problems.subList(0, shown))
        + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
  }

  /** Translates legacy syntax, parses, and applies the sandbox rules that need the syntax tree. */
  Template compile(String manifest) {
    if (manifest == null || manifest.isBlank()) {
      throw new TemplateInvalidException("spec.manifest is empty");
    }
    if (manifest.length() > limits.maxManifestChars()) {
      throw new TemplateInvalidException(
          "spec.manifest is longer than " + limits.maxManifestChars() + " characters");
    }
    for (int i = 0; i < manifest.length(); i++) {
      if (Insertion.isReserved(manifest.charAt(i))) {
        throw new TemplateInvalidException(
            String.format(
                "line %d: character U+%04X is reserved by the renderer",
                LegacySyntax.lineOf(manifest, i), (int) manifest.charAt(i)));
      }
    }
    String source = LegacySyntax.translate(manifest);
    if (FTL_HEADER.matcher(source).lookingAt()) {
      throw new TemplateInvalidException(
          "the [#ftl] header is not allowed (it could turn off escaping)");
    }
    Template template;
    try {
      template = new Template("manifest", new StringReader(source), config);
    } catch (ParseException e) {
      throw new TemplateInvalidException(
          "template syntax error at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + firstLine(e.getEditorMessage()));
    } catch (IOException e) {
      throw new TemplateInvalidException("template cannot be read: " + e.getMessage(), e);
    }
    checkSandbox(template.getRootTreeNode());
    _CoreAPI.addThreadInterruptedChecks(template);
    return template;
  }

  private static void checkSandbox(TemplateElement element) {
    if (!(element instanceof TextBlock)) {
      String description = element.getDescription();
      Matcher builtIn = FORBIDDEN_BUILT_IN.matcher(description);
      if (builtIn.find()) {
        throw new TemplateInvalidException(
            at(element) + "?" + builtIn.group(1) + " is not allowed in templates");
      }
      Matcher directive = FORBIDDEN_DIRECTIVE.matcher(description);
      if (directive.find()) {
        throw new TemplateInvalidException(
            at(element) + "[#" + directive.group(1) + "] is not allowed in templates");
      }
    }
    for (int i = 0; i < element.getChildCount(); i++) {
      checkSandbox((TemplateElement) element.getChildAt(i));
    }
  }

  private static String at(TemplateElement e) {
    return "line " + e.getBeginLine() + ", column " + e.getBeginColumn() + ": ";
  }

  private record Output(String text, RenderSession session) {}

  /** A dry-run failure that depends on the data, not on the template. */
  private static final class DataDependentFailure extends RuntimeException {
    DataDependentFailure() {
      super(null, null, false, false);
    }
  }

  private Output process(Template template, TemplateHashModel model, TemplateVariables variables) {
    Future<Output> future =
        renderers.submit(
            () -> {
              Writer writer = new BoundedWriter(limits.maxOutputChars());
              Environment env = template.createProcessingEnvironment(model, writer);
              RenderSession session = RenderSession.attach(env);
              env.process();
              return new Output(writer.toString(), session);
            });
    try {
      return future.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TemplateInvalidException(
          "rendering did not finish within " + limits.timeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BoundedWriter.TooLarge) {
        throw new TemplateInvalidException(
            "the rendered manifest is longer than " + limits.maxOutputChars() + " characters");
      }
      if (cause instanceof TemplateException te) {
        if (variables == null) {
          if (unsafeValue(te) != null) {
            throw new TemplateInvalidException(describe(te, null));
          }
          throw new DataDependentFailure();
        }
        throw new TemplateInvalidException(describe(te, variables));
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("rendering failed", cause);
    }
  }

  private static String describe(TemplateException e, TemplateVariables variables) {
    ManifestOutputFormat.UnsafeValueException unsafe = unsafeValue(e);
    if (unsafe != null) {
      return firstLine(unsafe.getMessageWithoutStackTop());
    }
    String where =
        e.getLineNumber() == null
            ? ""
            : "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": ";
    if (e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null) {
      String name = e.getBlamedExpressionString();
      TreeSet<String> defined = new TreeSet<>(variables.values().keySet());
      return where
          + "variable '"
          + name
          + "' is not defined for this alert (defined: "
          + String.join(", ", defined)
          + (variables.alert().isNull() ? "" : ", alert")
          + "); use [="
          + name
          + "!\"default\"] or [#if "
          + name
          + "??] if it is optional";
    }
    return where + firstLine(e.getMessageWithoutStackTop());
  }

  /** The unsafe-value failure behind {@code e}, if that is what it is. */
  private static ManifestOutputFormat.UnsafeValueException unsafeValue(TemplateException e) {
    if (e instanceof ManifestOutputFormat.UnsafeValueException unsafe) {
      return unsafe;
    }
    return e.getCauseException() instanceof ManifestOutputFormat.UnsafeValueException unsafe
        ? unsafe
        : null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String s = message.strip();
    int cut = s.indexOf("\n----");
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    return s.replace('\n', ' ').strip();
  }

  /** A writer that fails instead of growing past a bound. */
  private static final class BoundedWriter extends Writer {
    private final StringBuilder out = new StringBuilder();
    private final int max;

    BoundedWriter(int max) {
      this.max = max;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      if (out.length() + len > max) {
        throw new TooLarge();
      }
      out.append(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      if (out.length() + len > max) {
        throw new TooLarge();
      }
      out.append(str, off, off + len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return out.toString();
    }

    static final class TooLarge extends IOException {
      TooLarge() {
        super("output too large", null);
      }
    }
  }
}
