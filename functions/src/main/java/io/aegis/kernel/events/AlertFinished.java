package io.aegis.kernel.events;

/** track-status saw an alert's workflow finish; sent once per alert. */
public record AlertFinished(
    ResourceRef alert, String outcome, ResourceRef workflow, String message) {
  public static final String TYPE = "io.aegis.alert.finished.v1";
}
