package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisClusterHealthCheckSpec;
import io.aegis.kernel.crd.AegisClusterHealthCheckStatus;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs AegisClusterHealthChecks: on each tick, a run in progress is timed out when past {@code
 * spec.timeout} and re-aggregated; otherwise a due run starts — one AegisNodeHealthCheck per
 * selected node, owned by the cluster check, named after (check uid, run, node) so a redelivered or
 * concurrent tick creates nothing twice. A run is identified by its schedule time ({@code
 * status.lastScheduleTime}; label {@code aegis.io/run} on the children, in epoch seconds).
 *
 * <p>Children of the last finished run are kept for inspection until the next run starts (or
 * deleted at once with {@code aegis.healthcheck.keep-last-run=false}); older runs' children are
 * deleted, their pods with them.
 */
@Component
class ClusterCheckRunner {
  static final int DEFAULT_TIMEOUT_SECONDS = 600;

  private static final Logger log = LoggerFactory.getLogger(ClusterCheckRunner.class);

  private final KubernetesClient client;
  private final StatusWriter status;
  private final NodeCheckRunner nodeChecks;
  private final ClusterRuns runs;
  private final Clock clock;
  private final HealthcheckCronProperties.Healthcheck settings;

  ClusterCheckRunner(
      KubernetesClient client,
      StatusWriter status,
      NodeCheckRunner nodeChecks,
      ClusterRuns runs,
      Clock clock,
      HealthcheckCronProperties properties) {
    this.client = client;
    this.status = status;
    this.nodeChecks = nodeChecks;
    this.runs = runs;
    this.clock = clock;
    this.settings = properties.healthcheck();
  }

  /** One tick for one cluster check. */
  void tick(AegisClusterHealthCheck check) {
    Instant now = clock.instant();
    AegisClusterHealthCheckStatus s =
        check.getStatus() == null ? new AegisClusterHealthCheckStatus() : check.getStatus();
    if (CheckVocabulary.CHECKING.equals(s.phase)) {
      if (timedOut(check, s, now)) {
        String message =
            "did not finish within the "
                + timeout(check)
                + "s timeout of cluster check "
                + name(check);
        for (AegisNodeHealthCheck child : runs.children(check, run(s.lastScheduleTime))) {
          nodeChecks.timeOut(child, message);
        }
      }
      aggregate(check);
      return;
    }
    runs.cleanUp(check, run(s.lastScheduleTime), true);
    Instant created = Timestamps.parse(check.getMetadata().getCreationTimestamp()).orElse(now);
    Instant last = Timestamps.parse(s.lastScheduleTime).orElse(null);
    Schedule.Decision decision =
        Schedule.decide(check.getSpec().schedule, created, last, now, settings.zone());
    if (decision.problem() != null) {
      write(check, st -> invalidSchedule(st, decision.problem()));
    } else if (decision.due().isPresent()) {
      start(check, decision.due().get());
    } else {
      write(check, this::idle);
    }
  }

  /**
   * Recomputes the run in progress from its node checks (listed inside the status write, so a
   * conflict re-lists): counters, and at the end phase, completion time and failing items.
   */
  void aggregate(AegisClusterHealthCheck check) {
    String[] finishedRun = {null};
    write(
        check,
        s -> {
          if (!CheckVocabulary.CHECKING.equals(s.phase)) {
            return;
          }
          long run = run(s.lastScheduleTime);
          ClusterAggregation.Outcome outcome =
              ClusterAggregation.of(runs.children(check, run), s.desired == null ? 0 : s.desired);
          ClusterAggregation.apply(s, outcome, timeout(check), clock);
          finishedRun[0] = outcome.finished() ? Long.toString(run) : null;
        });
    if (finishedRun[0] != null) {
      log.info("cluster check {} finished run {}", name(check), finishedRun[0]);
      runs.cleanUp(check, Long.parseLong(finishedRun[0]), true);
    }
  }

  private void start(AegisClusterHealthCheck check, Instant scheduled) {
    String when = Timestamps.format(scheduled);
    long run = scheduled.getEpochSecond();
    AegisClusterHealthCheckSpec spec = check.getSpec();
    Optional<String> problem = CheckPod.templateProblem(spec.template);
    if (problem.isPresent()) {
      failRun(check, when, ConditionReasons.TEMPLATE_INVALID, problem.get());
      return;
    }
    List<Node> nodes =
        client.nodes().list().getItems().stream()
            .filter(n -> Selectors.eligible(n, spec.template.getSpec()))
            .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
            .toList();
    if (nodes.isEmpty()) {
      failRun(
          check,
          when,
          CheckVocabulary.NO_NODES_SELECTED,
          "no node matches the template's nodeSelector, node affinity and tolerations");
      return;
    }
    List<AegisNodeHealthCheck> children = new ArrayList<>();
    for (Node node : nodes) {
      try {
        children.add(
            KubeCalls.createOrGet(client, runs.child(check, node.getMetadata().getName(), run)));
      } catch (KubernetesClientException e) {
        if (!KubeCalls.isPermanent(e)) {
          throw KubeCalls.unavailable("creating a node check of " + name(check), e);
        }
        failRun(
            check,
            when,
            CheckVocabulary.NODE_CHECK_CREATE_FAILED,
            "cannot create the node check for node "
                + node.getMetadata().getName()
                + ": "
                + KubeCalls.describe(e));
        return;
      }
    }
    String now = Timestamps.now(clock);
    int desired = children.size();
    write(
        check,
        s -> {
          if (when.equals(s.lastScheduleTime)) {
            return; // a concurrent tick started this run already
          }
          resetRun(s, when, now);
          s.phase = CheckVocabulary.CHECKING;
          s.desired = desired;
          s.active = desired;
        });
    log.info("cluster check {} started run {} on {} nodes", name(check), when, desired);
    runs.cleanUp(check, run, false);
    for (AegisNodeHealthCheck child : children) {
      nodeChecks.ensureStarted(child);
    }
    aggregate(check);
  }

  /** Ends a run before any node check ran: bad template, no nodes, children refused. */
  private void failRun(AegisClusterHealthCheck check, String when, String reason, String message) {
    String now = Timestamps.now(clock);
    write(
        check,
        s -> {
          if (when.equals(s.lastScheduleTime)) {
            return;
          }
          resetRun(s, when, now);
          s.phase = CheckVocabulary.FAILED;
          s.completionTime = now;
          Conditions.set(
              s.conditions, ConditionTypes.FAILED, Conditions.TRUE, reason, message, clock);
        });
    log.warn("cluster check {}: run {} failed: {}: {}", name(check), when, reason, message);
  }

  private static void resetRun(AegisClusterHealthCheckStatus s, String when, String now) {
    s.lastScheduleTime = when;
    s.startTime = now;
    s.completionTime = null;
    s.desired = 0;
    s.active = 0;
    s.succeeded = 0;
    s.failed = 0;
    s.checkResults = null;
    s.conditions.removeIf(
        c -> ConditionTypes.COMPLETE.equals(c.type) || ConditionTypes.FAILED.equals(c.type));
  }

  private void invalidSchedule(AegisClusterHealthCheckStatus s, String problem) {
    s.phase = CheckVocabulary.FAILED;
    Conditions.set(
        s.conditions,
        ConditionTypes.FAILED,
        Conditions.TRUE,
        CheckVocabulary.INVALID_SCHEDULE,
        problem,
        clock);
  }

  /** Not due: a new check is Pending; a fixed schedule clears its InvalidSchedule failure. */
  private void idle(AegisClusterHealthCheckStatus s) {
    boolean badSchedule =
        Conditions.find(s.conditions, ConditionTypes.FAILED)
            .map(c -> CheckVocabulary.INVALID_SCHEDULE.equals(c.reason))
            .orElse(false);
    if (badSchedule) {
      s.conditions.removeIf(c -> ConditionTypes.FAILED.equals(c.type));
      s.phase = CheckVocabulary.PENDING;
    }
    if (s.phase == null) {
      s.phase = CheckVocabulary.PENDING;
    }
  }

  private boolean timedOut(
      AegisClusterHealthCheck check, AegisClusterHealthCheckStatus s, Instant now) {
    return Timestamps.parse(s.startTime)
        .map(start -> now.isAfter(start.plusSeconds(timeout(check))))
        .orElse(false);
  }

  static int timeout(AegisClusterHealthCheck check) {
    Integer t = check.getSpec() == null ? null : check.getSpec().timeout;
    return t == null || t <= 0 ? DEFAULT_TIMEOUT_SECONDS : t;
  }

  /** The run a schedule time stands for, in epoch seconds; -1 before the first run. */
  static long run(String lastScheduleTime) {
    return Timestamps.parse(lastScheduleTime).map(Instant::getEpochSecond).orElse(-1L);
  }

  private void write(
      AegisClusterHealthCheck check, Consumer<AegisClusterHealthCheckStatus> mutate) {
    status.update(
        AegisClusterHealthCheck.class,
        check.getMetadata().getNamespace(),
        check.getMetadata().getName(),
        mutate);
  }

  static String name(AegisClusterHealthCheck check) {
    return check.getMetadata().getNamespace() + "/" + check.getMetadata().getName();
  }
}
