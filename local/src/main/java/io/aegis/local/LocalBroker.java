package io.aegis.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for Knative's multi-tenant broker. Its ingress ({@code POST
 * /<namespace>/<broker>}, like {@code broker-ingress.knative-eventing}) takes binary and structured
 * CloudEvents (anything else: 400) and answers 202. Each event goes to every Trigger of that broker
 * whose filter passes ({@link TriggerFilter}), delivered over HTTP by {@link Delivery} with the
 * Trigger's (else the Broker's) delivery spec; a reply is routed again like a new event, at most
 * 255 hops deep; what still fails after the retries is logged as a dead letter.
 *
 * <p>Like the in-memory channel it is best effort: events in flight are lost when the runner stops.
 */
public final class LocalBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);
  static final int MAX_HOPS = 255;

  /** One Trigger, ready to route: {@code key} is {@code namespace/name}. */
  record Route(
      String key,
      String broker,
      Predicate<CloudEvent> filter,
      Destination subscriber,
      DeliverySpec delivery) {}

  private final Map<String, DeliverySpec> brokers = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private final Function<Destination, Optional<URI>> resolver;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final Delivery delivery;
  private final List<Predicate<CloudEvent>> drops = new CopyOnWriteArrayList<>();
  private final List<Consumer<CloudEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Delivery.Failure> deadLetters = new CopyOnWriteArrayList<>();

  /**
   * @param resolver the URL of a Trigger's subscriber (a local function), empty when it does not
   *     run here
   */
  LocalBroker(
      int port,
      List<Broker> brokers,
      List<Trigger> triggers,
      Function<Destination, Optional<URI>> resolver)
      throws IOException {
    this.resolver = resolver;
    for (Broker b : brokers) {
      DeliverySpec spec = b.getSpec() == null ? null : b.getSpec().getDelivery();
      this.brokers.put(key(b.getMetadata().getNamespace(), b.getMetadata().getName()), spec);
    }
    for (Trigger t : triggers) {
      String key = key(t.getMetadata().getNamespace(), t.getMetadata().getName());
      String broker = key(t.getMetadata().getNamespace(), t.getSpec().getBroker());
      if (!this.brokers.containsKey(broker)) {
        log.warn(
            "Trigger {} names broker {}, which knative/ does not define: ignored", key, broker);
        continue;
      }
      DeliverySpec spec =
          t.getSpec().getDelivery() != null ? t.getSpec().getDelivery() : this.brokers.get(broker);
      routes.add(
          new Route(
              key,
              broker,
              TriggerFilter.of(key, t.getSpec()),
              t.getSpec().getSubscriber(),
              spec != null ? spec : Delivery.DEFAULT));
    }
    this.executor = Executors.newCachedThreadPool(Daemons.factory("broker-ingress"));
    this.scheduler = Executors.newScheduledThreadPool(1, Daemons.factory("broker-retry"));
    this.delivery =
        new Delivery(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build(),
            scheduler);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::ingress);
    server.start();
  }

  /** The ingress URL of broker {@code namespace/name}: what {@code K_SINK} and sources point at. */
  public URI url(String namespace, String name) {
    return URI.create(
        "http://localhost:" + server.getAddress().getPort() + "/" + namespace + "/" + name);
  }

  /** The broker keys ({@code namespace/name}) defined by the manifests. */
  List<String> brokers() {
    return List.copyOf(brokers.keySet());
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Routes {@code event} as if it had arrived at the ingress of {@code broker}. */
  public void publish(String broker, CloudEvent event) {
    if (!brokers.containsKey(broker)) {
      throw new IllegalArgumentException("no broker " + broker);
    }
    route(broker, arrived(event), 0);
  }

  /** Drops the next event that {@code which} accepts, once (tests: a lost event). */
  public void dropOnce(Predicate<CloudEvent> which) {
    drops.add(which);
  }

  /** Calls {@code listener} with every event the broker accepts (after drops). */
  public void addListener(Consumer<CloudEvent> listener) {
    listeners.add(listener);
  }

  /** Deliveries that gave up. */
  public List<Delivery.Failure> deadLetters() {
    return List.copyOf(deadLetters);
  }

  private void ingress(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
      if (!brokers.containsKey(path)) {
        reply(exchange, 404, "no broker at /" + path + "; brokers: " + brokers.keySet());
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "POST CloudEvents to this address");
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      CloudEvent event;
      try {
        event = CloudEvents.read(headers, exchange.getRequestBody().readAllBytes());
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, "not a CloudEvent: " + e.getMessage());
        return;
      }
      route(path, arrived(event), 0);
      exchange.sendResponseHeaders(202, -1);
    }
  }

  private void route(String broker, CloudEvent event, int hops) {
    for (Predicate<CloudEvent> drop : drops) {
      if (drop.test(event) && drops.remove(drop)) {
        log.warn(
            "DROPPED on purpose: {} {} {}", event.getType(), event.getSubject(), event.getId());
        return;
      }
    }
    listeners.forEach(l -> l.accept(event));
    if (hops > MAX_HOPS) {
      log.error(
          "Event {} {} dropped: more than {} reply hops (a loop?)",
          event.getType(),
          event.getId(),
          MAX_HOPS);
      return;
    }
    List<String> to = new ArrayList<>();
    for (Route r : routes) {
      if (!r.broker().equals(broker) || !r.filter().test(event)) {
        continue;
      }
      Optional<URI> target = resolver.apply(r.subscriber());
      if (target.isEmpty()) {
        log.debug(
            "Trigger {}: subscriber does not run locally, event {} not delivered",
            r.key(),
            event.getId());
        continue;
      }
      to.add(r.key());
      delivery.deliver(
          r.key(),
          event,
          target.get(),
          r.delivery(),
          reply -> route(broker, arrived(reply), hops + 1),
          this::deadLetter);
    }
    log.info(
        "{} {} ({}) -> {}",
        event.getType(),
        event.getSubject(),
        event.getSource(),
        to.isEmpty() ? "no trigger" : to);
  }

  private void deadLetter(Delivery.Failure f) {
    deadLetters.add(f);
    log.error(
        "DEAD LETTER: Trigger {} gave up on event {} (type {}, subject {}) after {} attempt(s) to {}: {}",
        f.trigger(),
        f.event().getId(),
        f.event().getType(),
        f.event().getSubject(),
        f.attempts(),
        f.target(),
        f.reason());
  }

  private static CloudEvent arrived(CloudEvent event) {
    return CloudEvents.withExtension(
        event,
        "knativearrivaltime",
        OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public void close() {
    server.stop(0);
    scheduler.shutdownNow();
    executor.shutdownNow();
  }
}
