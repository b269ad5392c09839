package io.aegis.kernel.events;

/** parse-alert recorded a delivery of an alert: a new episode ({@code created}) or a repeat. */
public record AlertRecorded(
    ResourceRef alert, String type, String status, String fingerprint, int count, boolean created) {
  public static final String TYPE = "io.aegis.alert.recorded.v1";
}
