package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API as kubectl sees it, over HTTP with kubectl's own Accept headers. */
class KubectlFrontIT {
  static final String DISCOVERY_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
          + "application/json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALERTS = "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisalerts";

  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0, TestRepo.knative().crds());
    api.createNamespaces(List.of("monitoring"));
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static GenericKubernetesResource create(String name) {
    return client.resource(AlertFixtures.readme(name)).create();
  }

  private static JsonNode get(String path, String accept) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.url().resolve(path)).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void discoveryServesTheAegisGroupWithShortNamesCategoriesAndStatus() throws Exception {
    assertThat(get("/version", "application/json").path("gitVersion").asText()).startsWith("v1.");
    assertThat(get("/api", DISCOVERY_ACCEPT).path("versions").get(0).asText()).isEqualTo("v1");
    JsonNode groups = get("/apis", DISCOVERY_ACCEPT);
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groups.path("groups").findValuesAsText("name"))
        .contains("aegis.io", "argoproj.io", "apiextensions.k8s.io");
    JsonNode aegis = get("/apis/aegis.io/v1alpha1", "application/json");
    JsonNode alerts = null;
    for (JsonNode r : aegis.path("resources")) {
      if (r.path("name").asText().equals("aegisalerts")) {
        alerts = r;
      }
    }
    assertThat(alerts).isNotNull();
    assertThat(alerts.path("kind").asText()).isEqualTo("AegisAlert");
    assertThat(alerts.path("namespaced").asBoolean()).isTrue();
    assertThat(alerts.path("categories").get(0).asText()).isEqualTo("aegis");
    assertThat(alerts.path("verbs").toString()).contains("watch", "patch");
    assertThat(aegis.path("resources").findValuesAsText("name")).contains("aegisalerts/status");
    assertThat(get("/api/v1", "application/json").path("resources").findValuesAsText("name"))
        .contains("pods", "nodes", "events", "configmaps", "namespaces");
  }

  @Test
  void listAndGetAsTableShowTheAlertPrinterColumns() throws Exception {
    create("table-alert");
    AlertFixtures.markTriggered(client, "table-alert");

    JsonNode table = get(ALERTS, TABLE_ACCEPT);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly(
            "Name",
            "Type",
            "ObjectKind",
            "ObjectName",
            "Status",
            "Count",
            "TriggerStatus",
            "OpsStatus",
            "Age");
    JsonNode row = null;
    for (JsonNode r : table.path("rows")) {
      if (r.path("cells").get(0).asText().equals("table-alert")) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.path("cells").toString())
        .contains(
            "\"NodeHasEmergencyEvent\",\"Node\",\"dev1\",\"Firing\",1,\"Triggered\",\"Pending\"");

    JsonNode one = get(ALERTS + "/table-alert", TABLE_ACCEPT);
    assertThat(one.path("rows")).hasSize(1);
    assertThat(get(ALERTS + "/table-alert", "application/json").path("kind").asText())
        .as("without Table in Accept, the object itself")
        .isEqualTo("AegisAlert");
  }

  @Test
  void tableWatchStreamsChangesAfterTheListedResourceVersion() throws Exception {
    create("watched-alert");
    String listed = get(ALERTS, TABLE_ACCEPT).path("metadata").path("resourceVersion").asText();
    LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    CompletableFuture<HttpResponse<Stream<String>>> watch =
        http.sendAsync(
            HttpRequest.newBuilder(
                    api.url().resolve(ALERTS + "?resourceVersion=" + listed + "&watch=true"))
                .header("Accept", TABLE_ACCEPT)
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    watch.thenAccept(
        response ->
            response
                .body()
                .filter(line -> !line.isBlank())
                .forEach(
                    line -> {
                      try {
                        events.add(JSON.readTree(line));
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
    await().atMost(Duration.ofSeconds(10)).until(watch::isDone);
    assertThat(watch.get().headers().firstValue("Content-Type")).hasValue("application/json");

    create("new-alert");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().anyMatch(e -> e.toString().contains("new-alert")));

    assertThat(events).noneMatch(e -> e.toString().contains("watched-alert"));
    JsonNode added =
        events.stream().filter(e -> e.toString().contains("new-alert")).findFirst().get();
    assertThat(added.path("type").asText()).isEqualTo("ADDED");
    assertThat(added.path("object").path("kind").asText()).isEqualTo("Table");
    assertThat(added.path("object").path("rows").get(0).path("cells").get(0).asText())
        .isEqualTo("new-alert");
    watch.get().body().close();
  }

  @Test
  void kubectlStatusPatchWithFieldManagerWritesTheStatus() throws Exception {
    create("patched-alert");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    api.url().resolve(ALERTS + "/patched-alert/status?fieldManager=kubectl-patch"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":{\"count\":3}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isLessThan(300);
    assertThat(
            get(ALERTS + "/patched-alert", "application/json").path("status").path("count").asInt())
        .isEqualTo(3);
  }

  @Test
  void emptyOpenApiDocumentsAreServed() throws Exception {
    HttpResponse<byte[]> v2 =
        http.send(
            HttpRequest.newBuilder(api.url().resolve("/openapi/v2")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(v2.statusCode()).isEqualTo(200);
    assertThat(v2.body()).isEmpty();
    assertThat(get("/openapi/v3", "application/json").path("paths").size()).isZero();
  }

  @Test
  void kubeconfigPointsAtTheFrontInNamespaceMonitoring() throws Exception {
    java.nio.file.Path file =
        java.nio.file.Files.createTempDirectory("aegis").resolve("kubeconfig");
    String kubeconfig = java.nio.file.Files.readString(api.writeKubeconfig(file));
    assertThat(kubeconfig).contains("server: " + api.url()).contains("namespace: monitoring");
    assertThat(URI.create(api.url().toString()).getHost()).isEqualTo("127.0.0.1");
  }
}
