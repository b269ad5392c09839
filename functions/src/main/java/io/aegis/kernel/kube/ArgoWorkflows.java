package io.aegis.kernel.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Argo's {@code Workflow} kind as Aegis addresses it: through fabric8's generic client (Aegis has
 * no typed Argo model; render-submit builds workflows from rendered YAML, track-status reads their
 * status as JSON).
 */
public final class ArgoWorkflows {
  /** {@code argoproj.io/v1alpha1}. */
  public static final String API_VERSION = "argoproj.io/v1alpha1";

  /** The namespaced {@code workflows} resource of {@link #API_VERSION}. */
  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Workflow")
          .withPlural("workflows")
          .withNamespaced(true)
          .build();

  private ArgoWorkflows() {}
}
