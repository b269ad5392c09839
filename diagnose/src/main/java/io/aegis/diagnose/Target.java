package io.aegis.diagnose;

import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.DiagnosisObject;
import io.aegis.kernel.kube.ConditionReasons;
import java.util.List;

/**
 * The object a diagnosis is about, validated: a supported kind (exactly {@code Node}, {@code Pod}
 * or {@code PytorchJob}, as in the Go original), a name, and for namespaced kinds a namespace (the
 * diagnosis' own when the spec leaves it empty).
 *
 * @param namespace null for a Node
 */
public record Target(String kind, String name, String namespace) {
  public static final String NODE = "Node";
  public static final String POD = "Pod";
  public static final String PYTORCH_JOB = "PytorchJob";
  public static final List<String> KINDS = List.of(NODE, POD, PYTORCH_JOB);

  /**
   * @throws DiagnosisFailedException when the spec names no object, an unsupported kind or no name
   */
  public static Target of(AegisDiagnosis diagnosis) {
    DiagnosisObject object = diagnosis.getSpec() == null ? null : diagnosis.getSpec().object;
    if (object == null || blank(object.kind)) {
      throw new DiagnosisFailedException(
          DiagnosisFailedException.INVALID_SPEC,
          "spec.object.kind is required (one of " + String.join(", ", KINDS) + ")");
    }
    if (!KINDS.contains(object.kind)) {
      throw new DiagnosisFailedException(
          ConditionReasons.UNSUPPORTED_KIND,
          "unsupported kind "
              + object.kind
              + " (supported: "
              + String.join(", ", KINDS)
              + "; the names are case-sensitive)");
    }
    if (blank(object.name)) {
      throw new DiagnosisFailedException(
          DiagnosisFailedException.INVALID_SPEC, "spec.object.name is required");
    }
    String namespace =
        NODE.equals(object.kind)
            ? null
            : blank(object.namespace) ? diagnosis.getMetadata().getNamespace() : object.namespace;
    return new Target(object.kind, object.name.trim(), namespace);
  }

  /** {@code Pod default/web-0}, {@code Node gpu-1}. */
  public String describe() {
    return kind + " " + (namespace == null ? name : namespace + "/" + name);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
