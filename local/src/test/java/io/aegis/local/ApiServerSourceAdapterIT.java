package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.fabric8.knative.sources.v1.APIVersionKindBuilder;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.ApiServerSourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ApiServerSources of knative/, adapted locally: what is sent, and what is not. */
class ApiServerSourceAdapterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private ApiServerSourceAdapter adapter;
  private final List<CloudEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(0, TestRepo.knative().crds());
    api.createNamespaces(List.of("monitoring", "other", "aegis"));
    client = api.client();
    adapter = new ApiServerSourceAdapter(client, api.url());
  }

  @AfterEach
  void stop() {
    adapter.close();
    api.close();
  }

  private static ApiServerSource source(String name) {
    return TestRepo.knative().apiServerSources().stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The source of health-check pods: a set-based selector ({@code Exists}). */
  private static ApiServerSource podSource() {
    return TestRepo.knative().apiServerSources().stream()
        .filter(s -> s.getSpec().getResources().stream().anyMatch(r -> r.getKind().equals("Pod")))
        .findFirst()
        .orElseThrow();
  }

  private GenericKubernetesResource workflow(
      String namespace, String name, Map<String, String> labels) {
    return client
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Workflow")
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("entrypoint", "start")))
                .build())
        .create();
  }

  private static final Map<String, String> MANAGED =
      Map.of("app.kubernetes.io/managed-by", "aegis");

  private List<CloudEvent> about(String name) {
    return events.stream().filter(e -> name.equals(e.getExtension("name"))).toList();
  }

  private void quietFor(String name) {
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> about(name).isEmpty());
  }

  @Test
  void newObjectsAreAddsWithKnativeAttributesButExistingOnesSendNothing() throws Exception {
    workflow("monitoring", "before", MANAGED);
    adapter.start(source("aegis-workflows"), events::add);
    workflow("monitoring", "after", MANAGED);

    await().atMost(Duration.ofSeconds(10)).until(() -> about("after").size() == 1);
    CloudEvent add = about("after").get(0);
    assertThat(add.getType()).isEqualTo("dev.knative.apiserver.resource.add");
    assertThat(add.getSource()).isEqualTo(api.url());
    assertThat(add.getSubject())
        .isEqualTo("/apis/argoproj.io/v1alpha1/namespaces/monitoring/workflows/after");
    assertThat(add.getExtension("kind")).isEqualTo("Workflow");
    assertThat(add.getExtension("apiversion")).isEqualTo("argoproj.io/v1alpha1");
    assertThat(add.getExtension("namespace")).isEqualTo("monitoring");
    assertThat(add.getDataContentType()).isEqualTo("application/json");
    JsonNode data = JSON.readTree(add.getData().toBytes());
    assertThat(data.path("metadata").path("name").asText()).isEqualTo("after");
    assertThat(data.path("spec").path("entrypoint").asText()).isEqualTo("start");
    quietFor("before");
  }

  @Test
  void updatesAndDeletesFollow() throws Exception {
    adapter.start(source("aegis-workflows"), events::add);
    workflow("monitoring", "wf", MANAGED);
    await().atMost(Duration.ofSeconds(10)).until(() -> about("wf").size() == 1);
    client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace("monitoring")
        .withName("wf")
        .edit(
            w -> {
              w.setAdditionalProperty("status", Map.of("phase", "Running"));
              return w;
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> about("wf").size() == 2);
    CloudEvent update = about("wf").get(1);
    assertThat(update.getType()).isEqualTo("dev.knative.apiserver.resource.update");
    assertThat(JSON.readTree(update.getData().toBytes()).path("status").path("phase").asText())
        .isEqualTo("Running");
    client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace("monitoring")
        .withName("wf")
        .delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> about("wf").size() == 3);
    assertThat(about("wf").get(2).getType()).isEqualTo("dev.knative.apiserver.resource.delete");
  }

  @Test
  void labelAndNamespaceSelectorsAreHonoured() {
    adapter.start(source("aegis-workflows"), events::add);
    workflow("monitoring", "unlabelled", Map.of());
    workflow("other", "elsewhere", MANAGED);
    quietFor("unlabelled");
    quietFor("elsewhere");
  }

  @Test
  void anObjectThatStartsOrStopsMatchingIsAnAddOrADelete() {
    adapter.start(source("aegis-workflows"), events::add);
    workflow("monitoring", "relabelled", Map.of());
    var resource =
        client
            .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
            .inNamespace("monitoring")
            .withName("relabelled");
    resource.edit(
        w -> {
          w.getMetadata().setLabels(MANAGED);
          return w;
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> about("relabelled").size() == 1);
    assertThat(about("relabelled").get(0).getType())
        .isEqualTo("dev.knative.apiserver.resource.add");
    resource.edit(
        w -> {
          w.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "someone-else"));
          return w;
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> about("relabelled").size() == 2);
    assertThat(about("relabelled").get(1).getType())
        .isEqualTo("dev.knative.apiserver.resource.delete");
  }

  @Test
  void setBasedSelectorsAreEvaluatedLocally() {
    adapter.start(podSource(), events::add);
    client
        .pods()
        .inNamespace("monitoring")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("check-n1")
                .withLabels(Map.of("aegis.io/health-check", "n1"))
                .endMetadata()
                .build())
        .create();
    client
        .pods()
        .inNamespace("monitoring")
        .resource(new PodBuilder().withNewMetadata().withName("app-pod").endMetadata().build())
        .create();
    await().atMost(Duration.ofSeconds(10)).until(() -> about("check-n1").size() == 1);
    assertThat(about("check-n1").get(0).getSubject())
        .isEqualTo("/apis/v1/namespaces/monitoring/pods/check-n1");
    assertThat(about("check-n1").get(0).getExtension("apiversion")).isEqualTo("v1");
    quietFor("app-pod");
  }

  @Test
  void referenceModeAndOwnerFilter() throws Exception {
    ApiServerSource owned =
        new ApiServerSourceBuilder(source("aegis-workflows"))
            .editSpec()
            .withMode("Reference")
            .withOwner(
                new APIVersionKindBuilder()
                    .withApiVersion("aegis.io/v1alpha1")
                    .withKind("AegisAlert")
                    .build())
            .endSpec()
            .build();
    adapter.start(owned, events::add);
    workflow("monitoring", "orphan", MANAGED);
    client
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Workflow")
                .withNewMetadata()
                .withName("owned")
                .withNamespace("monitoring")
                .withLabels(MANAGED)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("aegis.io/v1alpha1")
                        .withKind("AegisAlert")
                        .withName("a")
                        .withUid("u")
                        .withController(true)
                        .build())
                .endMetadata()
                .build())
        .create();
    await().atMost(Duration.ofSeconds(10)).until(() -> about("owned").size() == 1);
    CloudEvent ref = about("owned").get(0);
    assertThat(ref.getType()).isEqualTo("dev.knative.apiserver.ref.add");
    assertThat(JSON.readTree(ref.getData().toBytes()))
        .isEqualTo(
            JSON.readTree(
                "{\"kind\":\"Workflow\",\"namespace\":\"monitoring\",\"name\":\"owned\","
                    + "\"apiVersion\":\"argoproj.io/v1alpha1\"}"));
    quietFor("orphan");
  }

  @Test
  void pluralsAreGuessedLikeKnative() {
    assertThat(ApiServerSourceAdapter.plural("Workflow")).isEqualTo("workflows");
    assertThat(ApiServerSourceAdapter.plural("AegisDiagnosis")).isEqualTo("aegisdiagnosises");
    assertThat(ApiServerSourceAdapter.plural("NetworkPolicy")).isEqualTo("networkpolicies");
  }
}
