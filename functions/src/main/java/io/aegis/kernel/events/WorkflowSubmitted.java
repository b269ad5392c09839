package io.aegis.kernel.events;

/** render-submit created (or found already created) the Workflow for an alert. */
public record WorkflowSubmitted(ResourceRef alert, ResourceRef workflow) {
  public static final String TYPE = "io.aegis.workflow.submitted.v1";
}
