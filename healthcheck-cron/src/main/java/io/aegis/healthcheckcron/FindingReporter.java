package io.aegis.healthcheckcron;

import io.aegis.healthcheckcron.Findings.Finding;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tells the rest of the cluster about failing items, as configured: a Warning Event on the Node
 * ({@code aegis.healthcheck.node-events}) and an AegisAlert of source HealthCheck that the alert
 * rules see ({@code aegis.healthcheck.create-alerts}). Both are idempotent, so reporting the same
 * findings again (a redelivered event) changes nothing.
 */
@Component
class FindingReporter {
  private final NodeEvents events;
  private final FindingAlerts alerts;
  private final boolean nodeEvents;
  private final boolean createAlerts;

  FindingReporter(NodeEvents events, FindingAlerts alerts, HealthcheckCronProperties properties) {
    this.events = events;
    this.alerts = alerts;
    this.nodeEvents = properties.healthcheck().nodeEvents();
    this.createAlerts = properties.healthcheck().createAlerts();
  }

  void report(AegisNodeHealthCheck check, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    if (nodeEvents) {
      events.emit(check, findings);
    }
    if (createAlerts) {
      alerts.record(check, findings);
    }
  }
}
