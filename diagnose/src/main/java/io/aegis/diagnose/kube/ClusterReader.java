package io.aegis.diagnose.kube;

import io.aegis.diagnose.DiagnosisFailedException;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.kube.ConditionReasons;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads what the analyzers need from the API server, and turns API failures into diagnosis
 * outcomes: a missing object or a 403 fails the diagnosis ({@link DiagnosisFailedException}); a
 * 5xx, 429 or connection failure is transient ({@link AegisException} {@link
 * Reason#API_UNAVAILABLE}), so the diagnosis is retried.
 */
public class ClusterReader {
  /** Kubeflow's PyTorchJob, read as a generic resource (no discovery call needed). */
  public static final ResourceDefinitionContext PYTORCHJOBS =
      new ResourceDefinitionContext.Builder()
          .withGroup("kubeflow.org")
          .withVersion("v1")
          .withKind("PyTorchJob")
          .withPlural("pytorchjobs")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;

  public ClusterReader(KubernetesClient client) {
    this.client = client;
  }

  public Pod pod(String namespace, String name) {
    Pod pod =
        call(
            "read pod " + namespace + "/" + name,
            () -> client.pods().inNamespace(namespace).withName(name).get());
    if (pod == null) {
      throw notFound("pod " + namespace + "/" + name + " not found");
    }
    return pod;
  }

  public Node node(String name) {
    Node node = call("read node " + name, () -> client.nodes().withName(name).get());
    if (node == null) {
      throw notFound("node " + name + " not found");
    }
    return node;
  }

  public GenericKubernetesResource pytorchJob(String namespace, String name) {
    GenericKubernetesResource job =
        call(
            "read PyTorchJob " + namespace + "/" + name,
            () ->
                client
                    .genericKubernetesResources(PYTORCHJOBS)
                    .inNamespace(namespace)
                    .withName(name)
                    .get());
    if (job == null) {
      throw notFound(
          "PyTorchJob "
              + namespace
              + "/"
              + name
              + " not found (kubeflow.org/v1; is the Kubeflow training operator installed?)");
    }
    return job;
  }

  /** Pods of {@code namespace} carrying every label of {@code labels}. */
  public List<Pod> pods(String namespace, Map<String, String> labels) {
    return call(
        "list pods in " + namespace,
        () -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
  }

  /**
   * Events about one object. The field selector narrows the list on a real API server; the same
   * filter is applied here too, as not every server (or test double) honours it.
   *
   * @param namespace where the events are, null for all namespaces (Node events)
   */
  public List<Event> events(String namespace, String kind, String name) {
    List<Event> events =
        call(
            "list events of " + kind + " " + name,
            () ->
                (namespace == null
                        ? client.v1().events().inAnyNamespace()
                        : client.v1().events().inNamespace(namespace))
                    .withField("involvedObject.kind", kind)
                    .withField("involvedObject.name", name)
                    .list()
                    .getItems());
    return events.stream().filter(e -> about(e.getInvolvedObject(), kind, name)).toList();
  }

  private static boolean about(ObjectReference ref, String kind, String name) {
    return ref != null
        && Objects.equals(ref.getKind(), kind)
        && Objects.equals(ref.getName(), name);
  }

  private static DiagnosisFailedException notFound(String message) {
    return new DiagnosisFailedException(ConditionReasons.OBJECT_NOT_FOUND, message);
  }

  /** Runs one API call, classifying its failure. */
  public static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw classify(what, e);
    }
  }

  /** A 403 fails the diagnosis; 5xx, 429 and connection failures are transient. */
  public static RuntimeException classify(String what, KubernetesClientException e) {
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return new DiagnosisFailedException(
          DiagnosisFailedException.ACCESS_DENIED,
          "cannot "
              + what
              + ": access denied (HTTP "
              + code
              + "); grant the diagnose service account get/list on it",
          e);
    }
    if (code >= 500 || code == 429 || code <= 0) {
      return new AegisException(
          Reason.API_UNAVAILABLE,
          "cannot "
              + what
              + ": Kubernetes API unavailable"
              + (code > 0 ? " (HTTP " + code + ")" : ""),
          e);
    }
    return new DiagnosisFailedException(
        DiagnosisFailedException.ANALYSIS_FAILED,
        "cannot " + what + ": HTTP " + code + " " + firstLine(e.getMessage()),
        e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
