package io.aegis.kernel.testing;

import io.aegis.kernel.kube.ArgoWorkflows;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory Kubernetes API for tests: fabric8's {@link KubernetesMockServer} in CRUD mode with
 * the six Aegis CRDs (the committed form, so their {@code status} subresource is honoured: writes
 * to the main resource ignore {@code status}, writes to {@code /status} touch only status) and the
 * Argo {@code Workflow} CRD ({@code argoproj.io/v1alpha1}, no status subresource, as upstream).
 *
 * <p>Use it as a JUnit 5 extension — a fresh server per test when registered on an instance field,
 * one per class when registered on a static field:
 *
 * <pre>{@code
 * @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();
 * ... kube.client().resources(AegisAlert.class).inNamespace("monitoring").resource(a).create();
 * }</pre>
 *
 * or directly: {@code try (KubeTestSupport kube = KubeTestSupport.start()) { ... }}.
 *
 * <p>Where the mock differs from a real API server (fabric8 7.7.0, measured; ARCHITECTURE §3):
 *
 * <ul>
 *   <li>No server-side apply; set-based label selectors ({@code in}, {@code notin},
 *       matchExpressions) are ignored; no schema validation or pruning.
 *   <li>PUT /status ({@code updateStatus()}) ignores a stale resourceVersion (a real server: 409).
 *       A stale {@code update()}, and any patch (JSON or merge, also of {@code /status}) whose
 *       result carries a resourceVersion other than the stored one, do give 409 — what {@code
 *       io.aegis.kernel.kube.StatusWriter} relies on.
 *   <li>A JSON merge patch appends to arrays instead of replacing them (RFC 7386 replaces).
 *   <li>A JSON Patch creates missing parents of its paths (a real server rejects the patch); a
 *       failed {@code test} operation makes the mock never answer (client timeout after 10 s).
 * </ul>
 */
public final class KubeTestSupport
    implements AutoCloseable,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback {
  /** The Argo Workflow resource, for generic access ({@code client.genericKubernetesResources}). */
  public static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  private static final String ARGO_WORKFLOW_CRD = "crd/upstream/argoproj.io_workflows.yaml";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private boolean perClass;

  /** Starts a server with all CRDs installed; close it when done. */
  public static KubeTestSupport start() {
    KubeTestSupport support = new KubeTestSupport();
    support.open();
    return support;
  }

  /** A client of the running server (namespace {@code test} by default, as fabric8's mock). */
  public KubernetesClient client() {
    if (client == null) {
      throw new IllegalStateException("KubeTestSupport is not started");
    }
    return client;
  }

  /** The server, e.g. to count requests ({@code getRequestCount()}) or add expectations. */
  public KubernetesMockServer server() {
    if (server == null) {
      throw new IllegalStateException("KubeTestSupport is not started");
    }
    return server;
  }

  /** Creates {@code object} (in its own namespace) and returns what the server stored. */
  public <T extends HasMetadata> T create(T object) {
    return client().resource(object).create();
  }

  private void open() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    for (CustomResourceDefinition crd : AegisCrds.definitions()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    client.apiextensions().v1().customResourceDefinitions().resource(argoWorkflowCrd()).create();
  }

  /** Argo's own (minimal) Workflow CRD, copied unmodified from upstream-crds. */
  public static CustomResourceDefinition argoWorkflowCrd() {
    try (InputStream in =
        KubeTestSupport.class.getClassLoader().getResourceAsStream(ARGO_WORKFLOW_CRD)) {
      if (in == null) {
        throw new IllegalStateException(ARGO_WORKFLOW_CRD + " is not on the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      open();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }
}
