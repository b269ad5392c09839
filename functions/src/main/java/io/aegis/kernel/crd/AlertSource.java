package io.aegis.kernel.crd;

/**
 * Where an alert came from. Constant names are the wire values (as in Kubernetes' own Go
 * constants), so they read exactly as they appear in {@code kubectl} output and label values.
 */
public enum AlertSource {
  Default,
  Alertmanager,
  AI,
  CloudEvent,
  HealthCheck
}
