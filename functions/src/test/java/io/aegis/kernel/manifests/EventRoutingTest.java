package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.EventTypes.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A46: the Triggers under {@code knative/400-eventing} route exactly the events {@link EventTypes}
 * declares, and no event a function emits comes back to it. A route is (event type, subscriber); a
 * Trigger matches an event of a type when its exact {@code type} is that type (other attributes are
 * ignored on purpose: the check assumes the worst).
 */
class EventRoutingTest {
  private static final String APISERVER_PREFIX = "dev.knative.apiserver.resource.";

  record Route(String type, String subscriber, K8sObject trigger) {}

  static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (K8sObject t : ManifestRepo.base("Trigger")) {
      String type = WebhookRules.filteredType(t.node());
      String subscriber = t.spec().path("subscriber").path("ref").path("name").asText();
      routes.add(new Route(type, subscriber, t));
    }
    return routes;
  }

  static Set<String> subscribersOf(String type) {
    return routes().stream()
        .filter(r -> type.equals(r.type()))
        .map(Route::subscriber)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void A46_noFunctionReplyIsRoutedBackToIt() {
    List<String> loops = new ArrayList<>();
    for (EventType t : EventTypes.ALL) {
      if (ManifestRepo.FUNCTIONS.contains(t.producer())
          && subscribersOf(t.type()).contains(t.producer())) {
        loops.add(t.producer() + " emits " + t.type() + " and a Trigger routes it back to it");
      }
    }
    assertThat(loops).isEmpty();
  }

  @Test
  void A46_eventsBetweenFunctionsFormNoCycle() {
    Map<String, Set<String>> next = new HashMap<>();
    for (EventType t : EventTypes.ALL) {
      if (ManifestRepo.FUNCTIONS.contains(t.producer())) {
        next.computeIfAbsent(t.producer(), k -> new TreeSet<>()).addAll(subscribersOf(t.type()));
      }
    }
    for (String start : ManifestRepo.FUNCTIONS) {
      List<String> path = new ArrayList<>();
      assertThat(cycleFrom(start, next, path, new HashSet<>()))
          .as("event cycle through the broker: %s", String.join(" -> ", path))
          .isFalse();
    }
  }

  static boolean cycleFrom(
      String fn, Map<String, Set<String>> next, List<String> path, Set<String> done) {
    if (path.contains(fn)) {
      path.add(fn);
      return true;
    }
    if (!done.add(fn)) {
      return false;
    }
    path.add(fn);
    for (String n : next.getOrDefault(fn, Set.of())) {
      if (cycleFrom(n, next, path, done)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  @Test
  void A46_everyConsumerInEventTypesHasATriggerAndEveryTriggerIsInEventTypes() {
    Set<String> declared = new TreeSet<>();
    for (EventType t : EventTypes.ALL) {
      t.consumers().forEach(c -> declared.add(t.type() + " -> " + c));
    }
    Set<String> routed =
        routes().stream()
            .map(r -> r.type() + " -> " + r.subscriber())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missingTrigger = new TreeSet<>(declared);
    missingTrigger.removeAll(routed);
    Set<String> undeclared = new TreeSet<>(routed);
    undeclared.removeAll(declared);
    assertThat(missingTrigger).as("consumers in EventTypes.ALL without a Trigger").isEmpty();
    assertThat(undeclared).as("Triggers for routes EventTypes.ALL does not declare").isEmpty();
  }

  @Test
  void everyTriggerIsNamedAfterItsEventAndSubscriber() {
    for (Route r : routes()) {
      assertThat(r.trigger().name())
          .as("%s routes %s", r.trigger().id(), r.type())
          .endsWith("-" + r.subscriber());
    }
    assertThat(
            routes().stream()
                .map(
                    r ->
                        r.type()
                            + " "
                            + r.subscriber()
                            + " "
                            + WebhookRules.exactAttributes(r.trigger().node())))
        .as("one Trigger per (event, subscriber)")
        .doesNotHaveDuplicates();
  }

  @Test
  void apiServerTriggersNameTheKindAndEveryWatchedKindHasATrigger() {
    Set<String> watched = new TreeSet<>();
    for (K8sObject source : ManifestRepo.base("ApiServerSource")) {
      assertThat(source.spec().path("mode").asText()).as(source.id()).isEqualTo("Resource");
      for (JsonNode r : source.spec().path("resources")) {
        watched.add(r.path("apiVersion").asText() + " " + r.path("kind").asText());
      }
    }
    Set<String> routedKinds = new TreeSet<>();
    for (Route r : routes()) {
      if (r.type() != null && r.type().startsWith(APISERVER_PREFIX)) {
        Map<String, String> exact = WebhookRules.exactAttributes(r.trigger().node());
        assertThat(exact)
            .as(
                "%s must filter on kind and apiversion: several kinds share these types",
                r.trigger().id())
            .containsKeys("kind", "apiversion");
        String kind = exact.get("apiversion") + " " + exact.get("kind");
        assertThat(watched)
            .as("%s filters on a kind no ApiServerSource watches", r.trigger().id())
            .contains(kind);
        routedKinds.add(kind);
      }
    }
    assertThat(routedKinds)
        .as("watched kinds that no Trigger consumes")
        .containsExactlyElementsOf(watched);
  }

  @Test
  void pingTriggersMatchTheirPingSourceAndEveryPingSourceIsConsumed() {
    Map<String, String> sourceOf = new HashMap<>();
    for (K8sObject ping : ManifestRepo.base("PingSource")) {
      sourceOf.put(
          "/apis/v1/namespaces/" + ping.namespace() + "/pingsources/" + ping.name(), ping.name());
    }
    Set<String> consumed = new TreeSet<>();
    for (Route r : routes()) {
      if (EventTypes.PING.equals(r.type())) {
        String source = WebhookRules.exactAttributes(r.trigger().node()).get("source");
        assertThat(sourceOf).as("%s: ping source %s", r.trigger().id(), source).containsKey(source);
        consumed.add(sourceOf.get(source));
      }
    }
    assertThat(consumed).containsExactlyInAnyOrderElementsOf(sourceOf.values());
    assertThat(subscribersOf(EventTypes.PING))
        .containsExactly(EventTypes.DIAGNOSE, EventTypes.HEALTHCHECK_CRON, EventTypes.TRACK_STATUS);
  }

  @Test
  void pingSourceFeedsTheFunctionNamedInTheArchitecture() {
    // aegis-reconcile drives track-status' sweeps and diagnose's re-drive of lost diagnoses.
    Map<String, Set<String>> expected =
        Map.of(
            "aegis-reconcile", Set.of(EventTypes.TRACK_STATUS, EventTypes.DIAGNOSE),
            "aegis-healthcheck", Set.of(EventTypes.HEALTHCHECK_CRON));
    for (Route r : routes()) {
      if (EventTypes.PING.equals(r.type())) {
        String source = WebhookRules.exactAttributes(r.trigger().node()).get("source");
        String ping = source.substring(source.lastIndexOf('/') + 1);
        assertThat(expected.get(ping)).as(ping).contains(r.subscriber());
      }
    }
  }
}
