package io.aegis.kernel.cloudevents;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.util.StringUtils;

/**
 * Finds the one {@link CloudEventFunction} the edge serves.
 *
 * <p>Spring Cloud Function stays the registry: with {@code spring.cloud.function.definition} set,
 * the name is looked up in SCF's {@link FunctionCatalog}, so the same definition means the same
 * bean to SCF tooling and to the edge. The edge then calls the catalogued <em>target</em>, not
 * SCF's invocation wrapper: the wrapper's message conversion is built for {@code Message}/POJO
 * payloads and would re-convert an {@link InboundEvent} and the {@code Optional<Reply>} result (and
 * SCF wraps non-{@code Message} results into CloudEvents typed with the Java class name,
 * KNATIVE-NOTES §0.3), while the edge has already parsed the event and writes the reply itself.
 *
 * <p>Without a definition the single {@code CloudEventFunction} bean is used: SCF's own "single
 * function" default would also see its {@code functionRouter} and any helper {@code Function} bean
 * of the module, so the typed bean lookup is the unambiguous choice. Several candidates and no
 * definition is a startup error.
 */
public final class CloudEventFunctionResolver {

  /**
   * @param catalog SCF's function catalog
   * @param definition the value of {@code spring.cloud.function.definition}, may be blank
   * @param beans every {@link CloudEventFunction} bean by name
   * @throws IllegalStateException when no single function can be chosen; fails startup
   */
  public static CloudEventFunction resolve(
      FunctionCatalog catalog, String definition, Map<String, CloudEventFunction> beans) {
    if (StringUtils.hasText(definition)) {
      if (definition.contains("|") || definition.contains(";") || definition.contains(",")) {
        throw new IllegalStateException(
            "spring.cloud.function.definition='"
                + definition
                + "' composes or lists functions; the CloudEvent edge serves exactly one"
                + " CloudEventFunction bean, name it alone");
      }
      Object found = catalog.lookup(Function.class, definition.trim());
      if (found == null) {
        throw new IllegalStateException(
            "spring.cloud.function.definition='"
                + definition
                + "' names no function in the Spring Cloud Function catalog; CloudEventFunction"
                + " beans: "
                + new TreeSet<>(beans.keySet()));
      }
      Object target = found instanceof FunctionInvocationWrapper w ? w.getTarget() : found;
      if (target instanceof CloudEventFunction function) {
        return function;
      }
      throw new IllegalStateException(
          "spring.cloud.function.definition='"
              + definition
              + "' names "
              + target.getClass().getName()
              + ", which is not a CloudEventFunction; the CloudEvent edge serves only"
              + " CloudEventFunction beans: "
              + new TreeSet<>(beans.keySet()));
    }
    if (beans.size() == 1) {
      return beans.values().iterator().next();
    }
    throw new IllegalStateException(
        beans.isEmpty()
            ? "no CloudEventFunction bean to serve at POST /"
            : "several CloudEventFunction beans "
                + new TreeSet<>(beans.keySet())
                + "; set spring.cloud.function.definition to the one POST / serves");
  }

  private CloudEventFunctionResolver() {}
}
