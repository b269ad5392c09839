package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closed JSON Schema of Argo {@code Workflow} (see {@link WorkflowSchemaCompiler}), loaded on
 * first use, not at startup: the function should answer its first probe fast, and most instances
 * never render.
 *
 * <p>Its sub-schemas are compiled when a document first reaches them, not all up front: a Workflow
 * touches a small part of Argo's schema, and compiling all of it (every {@code $ref} expanded at
 * each place it is used: ~13,000 schema objects) cost render-submit about 8 MiB of heap and a good
 * part of its first event after a cold start (docs/performance.md). The rules and the messages are
 * the same; validation is serialised because the lazy compilation is not meant to run concurrently.
 */
public final class WorkflowSchema {
  static final String RESOURCE = "argo-workflow-v1alpha1.schema.json";
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowSchema.class);

  private WorkflowSchema() {}

  private static final class Holder {
    static final JsonSchema SCHEMA = load();
  }

  /** Loads the schema now (e.g. from a warm-up step); later calls are free. */
  public static void preload() {
    Holder.SCHEMA.getClass();
  }

  /**
   * What is wrong with {@code workflow}, sorted by location; empty when it is valid.
   *
   * @param ignore errors to leave out (e.g. caused by placeholder values)
   */
  static List<String> problems(JsonNode workflow, Predicate<ValidationMessage> ignore) {
    Set<ValidationMessage> messages;
    synchronized (Holder.SCHEMA) {
      messages = Holder.SCHEMA.validate(workflow);
    }
    return messages.stream()
        .filter(ignore.negate())
        .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
        .map(ValidationMessage::getMessage)
        .distinct()
        .toList();
  }

  private static JsonSchema load() {
    long start = System.nanoTime();
    try (InputStream in = WorkflowSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode node = new ObjectMapper().readTree(in);
      // The factory's defaults, without compiling every sub-schema before the first validation.
      SchemaValidatorsConfig config = new SchemaValidatorsConfig();
      config.setPreloadJsonSchema(false);
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(node, config);
      LOG.info("Argo Workflow schema loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
