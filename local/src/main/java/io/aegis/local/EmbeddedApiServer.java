package io.aegis.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The in-memory Kubernetes API of local mode: fabric8's mock server in CRUD mode (objects stored,
 * watched, patched; status subresources honoured for the CRDs installed), with the Aegis CRDs and
 * Argo's Workflow CRD installed, and a {@link KubectlFront} so that {@code kubectl} works against
 * it. The functions' clients talk to the mock server directly ({@link #clientConfig()}); {@code
 * kubectl} uses the front ({@link #url()}, {@link #writeKubeconfig}).
 *
 * <p>There is no controller behind it: no pods run, no Argo executes workflows, nothing is garbage
 * collected by owner reference.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  static final String ARGO_WORKFLOW_CRD = "io/aegis/local/argoproj.io_workflows.yaml";
  static final String GENERATED_CRDS = "classpath*:META-INF/fabric8/*-v1.yml";

  private final KubernetesMockServer server;
  private final Config config;
  private final KubernetesClient client;
  private final KubectlFront front;

  private EmbeddedApiServer(int port, List<CustomResourceDefinition> crds) throws IOException {
    Logging.quietMockServer();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + server.getPort() + "/")
            .withNamespace("monitoring")
            .withTrustCerts(true)
            .withHttp2Disable(true)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    front = new KubectlFront(port, URI.create("http://127.0.0.1:" + server.getPort()), client);
  }

  /**
   * Starts the API with {@code crds} and Argo's Workflow CRD installed; kubectl's address listens
   * on {@code port} (0 = any free port).
   */
  public static EmbeddedApiServer start(int port, List<CustomResourceDefinition> crds) {
    List<CustomResourceDefinition> all = new ArrayList<>(crds);
    all.add(argoWorkflowCrd());
    try {
      return new EmbeddedApiServer(port, all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kubernetes API on port " + port, e);
    }
  }

  /**
   * Creates the namespaces, labelled {@code kubernetes.io/metadata.name} as a real API server does.
   */
  void createNamespaces(List<String> names) {
    ensureNamespaces(client, names);
  }

  /** Creates those of {@code names} that do not exist yet. */
  static void ensureNamespaces(KubernetesClient client, List<String> names) {
    for (String name : names) {
      if (client.namespaces().withName(name).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withLabels(Map.of("kubernetes.io/metadata.name", name))
                    .endMetadata()
                    .withNewStatus()
                    .withPhase("Active")
                    .endStatus()
                    .build())
            .create();
      }
    }
  }

  /** The address kubectl uses (the front door). */
  public URI url() {
    return front.url();
  }

  /** A configuration for fabric8 clients (the mock server itself, namespace {@code monitoring}). */
  public Config clientConfig() {
    return config;
  }

  /** A client for the runner's own use; closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Writes a kubeconfig for kubectl (context {@code aegis-local}, namespace {@code monitoring}).
   */
  public Path writeKubeconfig(Path file) {
    String kubeconfig =
        String.join(
            "\n",
            "# Written by the Aegis local runner: the embedded Kubernetes API (in memory, gone on exit).",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: aegis-local",
            "  cluster:",
            "    server: " + url(),
            "contexts:",
            "- name: aegis-local",
            "  context:",
            "    cluster: aegis-local",
            "    namespace: monitoring",
            "    user: aegis-local",
            "current-context: aegis-local",
            "users:",
            "- name: aegis-local",
            "  user:",
            "    token: aegis-local",
            "");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfig);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  /**
   * The Aegis CRDs to install: those of {@code knative/} when it has them, else the ones the CRD
   * generator put into the kernel jar.
   */
  static List<CustomResourceDefinition> aegisCrds(List<CustomResourceDefinition> fromManifests) {
    if (!fromManifests.isEmpty()) {
      return fromManifests;
    }
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try {
      for (Resource r : new PathMatchingResourcePatternResolver().getResources(GENERATED_CRDS)) {
        try (InputStream in = r.getInputStream()) {
          crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generated CRDs", e);
    }
    return crds;
  }

  static CustomResourceDefinition argoWorkflowCrd() {
    try (InputStream in =
        EmbeddedApiServer.class.getClassLoader().getResourceAsStream(ARGO_WORKFLOW_CRD)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    front.close();
    client.close();
    server.destroy();
  }
}
