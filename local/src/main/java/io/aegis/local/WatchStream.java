package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.aegis.kernel.json.Json;
import io.aegis.local.ApiResources.ApiResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch as kubectl opens it ({@code GET ...?watch=true}, plain HTTP): a chunked stream of {@code
 * {"type": ..., "object": ...}} lines — objects, or one-row Tables when kubectl asked for them —
 * fed by a fabric8 (WebSocket) watch on the mock server. The mock server replays every existing
 * object as ADDED when a watch opens; with {@code resourceVersion=N} (what kubectl sends after its
 * list) those replays are dropped, as a real API server would not send them.
 */
final class WatchStream {
  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Duration HEARTBEAT = Duration.ofSeconds(20);
  private static final String CLOSED = "CLOSED";

  private WatchStream() {}

  /** Streams until the client goes away, the watch closes or {@code timeoutSeconds} passes. */
  static void serve(
      HttpExchange exchange,
      KubernetesClient client,
      ApiRequest request,
      ApiResource resource,
      boolean table)
      throws IOException {
    LinkedBlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
    Watcher<GenericKubernetesResource> watcher = watcher(request, resource, table, events);
    var operation = client.genericKubernetesResources(context(resource));
    var scoped =
        request.namespace() == null
            ? operation.inAnyNamespace()
            : operation.inNamespace(request.namespace());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    long timeout = request.number("timeoutSeconds");
    long deadline =
        timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : Long.MAX_VALUE;
    OutputStream out = exchange.getResponseBody();
    try (Watch ignored =
        scoped.watch(new ListOptionsBuilder().withResourceVersion("0").build(), watcher)) {
      while (System.nanoTime() < deadline) {
        ObjectNode event = events.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null && CLOSED.equals(event.path("type").asText())) {
          break;
        }
        if (event != null) {
          out.write(JSON.writeValueAsBytes(event));
        }
        // A newline after each event; alone, it is whitespace JSON stream decoders skip, and it
        // finds clients that went away.
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      log.debug("Watch {} ended: {}", exchange.getRequestURI(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Watcher<GenericKubernetesResource> watcher(
      ApiRequest request,
      ApiResource resource,
      boolean table,
      LinkedBlockingQueue<ObjectNode> events) {
    long since = request.number("resourceVersion");
    String name = request.name() != null ? request.name() : request.selectedName();
    Map<String, String> labels = request.selectedLabels();
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource object) {
        long rv = ApiServerSourceAdapter.version(object.getMetadata().getResourceVersion());
        if ((action == Action.ADDED && since > 0 && rv <= since)
            || (name != null && !name.equals(object.getMetadata().getName()))
            || !matches(labels, object.getMetadata().getLabels())) {
          return;
        }
        JsonNode item = JSON.valueToTree(object);
        ObjectNode event = JSON.createObjectNode().put("type", action.name());
        event.set(
            "object", table ? TableConverter.watchTable(resource, item, Instant.now()) : item);
        events.add(event);
      }

      @Override
      public void onClose(WatcherException cause) {
        events.add(JSON.createObjectNode().put("type", CLOSED));
      }
    };
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream()
        .allMatch(e -> labels != null && e.getValue().equals(labels.get(e.getKey())));
  }

  private static ResourceDefinitionContext context(ApiResource resource) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(resource.group())
        .withVersion(resource.version())
        .withKind(resource.kind())
        .withPlural(resource.plural())
        .withNamespaced(resource.namespaced())
        .build();
  }
}
