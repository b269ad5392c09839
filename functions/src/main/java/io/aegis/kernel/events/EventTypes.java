package io.aegis.kernel.events;

import java.util.List;
import java.util.Set;

/**
 * Every CloudEvent type Aegis produces or consumes, with who produces and who consumes it. Triggers
 * under {@code knative/}, the local broker and the loop test all refer to this list.
 */
public final class EventTypes {
  public static final String ALERT_CUSTOM = "io.aegis.alert.custom.v1";
  public static final String ALERT_ALERTMANAGER = "io.aegis.alert.alertmanager.v1";
  public static final String ALERT_TEXT = "io.aegis.alert.text.v1";
  public static final String ALERT_RECORDED = AlertRecorded.TYPE;
  public static final String ALERT_MATCHED = AlertMatched.TYPE;
  public static final String WORKFLOW_SUBMITTED = WorkflowSubmitted.TYPE;
  public static final String ALERT_FINISHED = AlertFinished.TYPE;
  public static final String APISERVER_ADD = "dev.knative.apiserver.resource.add";
  public static final String APISERVER_UPDATE = "dev.knative.apiserver.resource.update";
  public static final String APISERVER_DELETE = "dev.knative.apiserver.resource.delete";
  public static final String PING = "dev.knative.sources.ping";

  /** The PingSource whose ticks make track-status run its reconcile sweeps. */
  public static final String RECONCILE_PING_SOURCE = "aegis-reconcile";

  /** Function names, which are also their Knative Service names and CloudEvent sources. */
  public static final String PARSE_ALERT = "parse-alert";

  public static final String MATCH_RULE = "match-rule";
  public static final String RENDER_SUBMIT = "render-submit";
  public static final String TRACK_STATUS = "track-status";
  public static final String DIAGNOSE = "diagnose";
  public static final String HEALTHCHECK_CRON = "healthcheck-cron";

  /**
   * The PingSource whose ticks make healthcheck-cron start due cluster checks. healthcheck-cron
   * also publishes {@link #ALERT_RECORDED} (via K_SINK) for the AegisAlerts it records from failing
   * check items, when that is enabled.
   */
  public static final String HEALTHCHECK_PING_SOURCE = "aegis-healthcheck";

  /** One event type: who emits it and which functions consume it. */
  public record EventType(String type, String producer, Set<String> consumers) {}

  public static final List<EventType> ALL =
      List.of(
          new EventType(ALERT_CUSTOM, "external", Set.of(PARSE_ALERT)),
          new EventType(ALERT_ALERTMANAGER, "external", Set.of(PARSE_ALERT)),
          new EventType(ALERT_TEXT, "external", Set.of(PARSE_ALERT)),
          // track-status re-publishes it (K_SINK) for alerts stuck without a triggerStatus.
          new EventType(ALERT_RECORDED, PARSE_ALERT, Set.of(MATCH_RULE)),
          new EventType(ALERT_MATCHED, MATCH_RULE, Set.of(RENDER_SUBMIT)),
          new EventType(WORKFLOW_SUBMITTED, RENDER_SUBMIT, Set.of()),
          new EventType(ALERT_FINISHED, TRACK_STATUS, Set.of()),
          // match-rule validates AegisAlertOpsRules and render-submit AegisOpsTemplates on
          // add/update.
          new EventType(
              APISERVER_ADD,
              "ApiServerSource",
              Set.of(TRACK_STATUS, MATCH_RULE, RENDER_SUBMIT, DIAGNOSE, HEALTHCHECK_CRON)),
          new EventType(
              APISERVER_UPDATE,
              "ApiServerSource",
              Set.of(TRACK_STATUS, MATCH_RULE, RENDER_SUBMIT, HEALTHCHECK_CRON)),
          new EventType(
              APISERVER_DELETE, "ApiServerSource", Set.of(TRACK_STATUS, HEALTHCHECK_CRON)),
          new EventType(PING, "PingSource", Set.of(TRACK_STATUS, DIAGNOSE, HEALTHCHECK_CRON)));

  /** The CloudEvent {@code source} of events a function emits: {@code /aegis/<function>}. */
  public static String sourceOf(String function) {
    return "/aegis/" + function;
  }

  private EventTypes() {}
}
