package io.aegis.diagnose;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Stored;
import io.aegis.kernel.kube.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one diagnosis through its phases (see {@link Phases}). Idempotent: only the caller whose
 * status write moved the diagnosis out of Pending runs it (the write is guarded by the
 * resourceVersion it read, so of two concurrent deliveries exactly one wins); every later event for
 * it does nothing, except that one still {@code Diagnosing} long after its timeout is failed as
 * abandoned. The analysis runs under the diagnosis' deadline on a worker thread.
 */
public class Diagnoser {
  private static final Logger log = LoggerFactory.getLogger(Diagnoser.class);

  /** What {@link #diagnose} did. */
  public enum Outcome {
    COMPLETED,
    FAILED,
    SKIPPED,
    GONE
  }

  private final StatusWriter status;
  private final Analyzers analyzers;
  private final Explainer explainer;
  private final DiagnoseProperties properties;
  private final Clock clock;
  private final ExecutorService workers;

  public Diagnoser(
      StatusWriter status,
      Analyzers analyzers,
      Explainer explainer,
      DiagnoseProperties properties,
      Clock clock,
      ExecutorService workers) {
    this.status = status;
    this.analyzers = analyzers;
    this.explainer = explainer;
    this.properties = properties;
    this.clock = clock;
    this.workers = workers;
  }

  /**
   * Diagnoses {@code namespace/name} if it is waiting for it.
   *
   * @throws AegisException (transient) when the API server failed; the diagnosis is then Pending
   *     again, so a redelivery retries it
   */
  public Outcome diagnose(String namespace, String name) {
    Stored<AegisDiagnosis> held = status.read(AegisDiagnosis.class, namespace, name).orElse(null);
    if (held == null) {
      return Outcome.GONE;
    }
    AegisDiagnosis diagnosis = held.object();
    Duration timeout;
    Target target;
    try {
      timeout = timeout(diagnosis);
      target = Target.of(diagnosis);
    } catch (DiagnosisFailedException e) {
      return start(held, s -> Phases.failed(s, e.reason(), e.getMessage(), clock))
          .map(d -> logged(Outcome.FAILED, namespace, name, e.getMessage()))
          .orElse(Outcome.SKIPPED);
    }
    Instant now = clock.instant();
    switch (Phases.decide(diagnosis.getStatus(), timeout, properties.abandonAfter(), now)) {
      case SKIP:
        log.debug("diagnosis {}/{} is {}: nothing to do", namespace, name, phase(diagnosis));
        return Outcome.SKIPPED;
      case ABANDONED:
        return abandon(diagnosis, timeout);
      default:
        break;
    }
    String startTime = Timestamps.format(now);
    Optional<AegisDiagnosis> started = start(held, s -> Phases.diagnosing(s, startTime));
    if (started.isEmpty()) {
      return Outcome.SKIPPED;
    }
    log.info(
        "diagnosing {} for {}/{} (timeout {})",
        target.describe(),
        namespace,
        name,
        GoDuration.format(timeout));
    return run(started.get(), target, timeout, now.plus(timeout), startTime);
  }

  private Outcome run(
      AegisDiagnosis diagnosis,
      Target target,
      Duration timeout,
      Instant deadline,
      String startTime) {
    String ns = diagnosis.getMetadata().getNamespace();
    String name = diagnosis.getMetadata().getName();
    Analysis analysis;
    try {
      analysis = underDeadline(() -> analyzers.analyze(diagnosis, target, timeout), deadline);
    } catch (TimeoutException e) {
      return finishFailed(
          ns,
          name,
          startTime,
          ConditionReasons.TIMED_OUT,
          "timed out after " + GoDuration.format(timeout));
    } catch (DiagnosisFailedException e) {
      return finishFailed(ns, name, startTime, e.reason(), e.getMessage());
    } catch (AegisException e) {
      if (e.reason().isTransient()) {
        mutateOwned(ns, name, startTime, Phases::released);
        throw e;
      }
      return finishFailed(
          ns, name, startTime, DiagnosisFailedException.ANALYSIS_FAILED, e.getMessage());
    }
    if (explainer.wouldAsk(analysis)) {
      // The findings are visible while the LLM thinks.
      mutateOwned(ns, name, startTime, s -> Phases.result(s, analysis));
    }
    Explainer.Explanation explanation = explain(target, analysis, timeout, deadline);
    boolean written =
        mutateOwned(ns, name, startTime, s -> Phases.completed(s, analysis, explanation, clock));
    if (!written) {
      return Outcome.SKIPPED;
    }
    return logged(Outcome.COMPLETED, ns, name, analysis.health().name());
  }

  private Explainer.Explanation explain(
      Target target, Analysis analysis, Duration timeout, Instant deadline) {
    try {
      return underDeadline(() -> explainer.explain(target, analysis), deadline);
    } catch (TimeoutException e) {
      return new Explainer.Explanation(
          Summary.of(analysis)
              + "\n(LLM explanation unavailable: no answer within the diagnosis' timeout of "
              + GoDuration.format(timeout)
              + ")",
          null);
    } catch (RuntimeException e) {
      // The findings stand without an explanation from the LLM.
      return new Explainer.Explanation(
          Summary.of(analysis) + "\n(LLM explanation unavailable: " + e.getMessage() + ")", null);
    }
  }

  /**
   * Runs {@code task} on a worker until {@code deadline}; interrupts it when the deadline passes.
   */
  private <T> T underDeadline(Callable<T> task, Instant deadline) throws TimeoutException {
    Future<T> future = workers.submit(task);
    try {
      long millis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AegisException(Reason.API_UNAVAILABLE, "interrupted while diagnosing", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        if (!(runtime instanceof DiagnosisFailedException)
            && !(runtime instanceof AegisException)) {
          log.error("analysis failed unexpectedly", runtime);
          throw new DiagnosisFailedException(
              DiagnosisFailedException.ANALYSIS_FAILED,
              "analysis failed: "
                  + runtime.getClass().getSimpleName()
                  + ": "
                  + runtime.getMessage(),
              runtime);
        }
        throw runtime;
      }
      if (cause instanceof InterruptedException) {
        throw new TimeoutException("interrupted at the deadline");
      }
      throw new IllegalStateException("analysis failed", cause);
    }
  }

  private Outcome abandon(AegisDiagnosis diagnosis, Duration timeout) {
    String ns = diagnosis.getMetadata().getNamespace();
    String name = diagnosis.getMetadata().getName();
    String startTime = diagnosis.getStatus().startTime;
    String message =
        "timed out after "
            + GoDuration.format(timeout)
            + ": the diagnosis was left Diagnosing (the diagnose instance running it stopped)";
    return finishFailed(ns, name, startTime, ConditionReasons.TIMED_OUT, message);
  }

  private Outcome finishFailed(
      String ns, String name, String startTime, String reason, String message) {
    boolean written =
        mutateOwned(ns, name, startTime, s -> Phases.failed(s, reason, message, clock));
    return written ? logged(Outcome.FAILED, ns, name, message) : Outcome.SKIPPED;
  }

  /**
   * Applies {@code mutation} only when the diagnosis is still startable; empty when it was not.
   * Starts from the diagnosis as just read (one PATCH); a conflict re-reads it.
   */
  private Optional<AegisDiagnosis> start(
      Stored<AegisDiagnosis> held, Consumer<AegisDiagnosisStatus> mutation) {
    AtomicBoolean claimed = new AtomicBoolean();
    Optional<AegisDiagnosis> after =
        status
            .update(
                held,
                (AegisDiagnosisStatus s) -> {
                  claimed.set(Phases.startable(s));
                  if (claimed.get()) {
                    mutation.accept(s);
                  }
                })
            .map(Stored::object);
    return claimed.get() ? after : Optional.empty();
  }

  /**
   * Applies {@code mutation} only while the diagnosis is still the run that started at {@code
   * startTime}; false when another run (or the sweep) took it over.
   */
  private boolean mutateOwned(
      String ns, String name, String startTime, Consumer<AegisDiagnosisStatus> mutation) {
    AtomicBoolean owned = new AtomicBoolean();
    status.update(
        AegisDiagnosis.class,
        ns,
        name,
        (AegisDiagnosisStatus s) -> {
          owned.set(Phases.DIAGNOSING.equals(s.phase) && Objects.equals(startTime, s.startTime));
          if (owned.get()) {
            mutation.accept(s);
          }
        });
    if (!owned.get()) {
      log.info("diagnosis {}/{} was taken over or deleted; leaving it alone", ns, name);
    }
    return owned.get();
  }

  private Duration timeout(AegisDiagnosis diagnosis) {
    String text = diagnosis.getSpec() == null ? null : diagnosis.getSpec().timeout;
    if (text == null || text.isBlank()) {
      return properties.defaultTimeout();
    }
    try {
      Duration d = GoDuration.parse(text);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("spec.timeout must be positive, got '" + text + "'");
      }
      return d;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new DiagnosisFailedException(
          DiagnosisFailedException.INVALID_SPEC, "invalid spec.timeout: " + e.getMessage());
    }
  }

  private static String phase(AegisDiagnosis d) {
    return d.getStatus() == null || d.getStatus().phase == null ? "Pending" : d.getStatus().phase;
  }

  private static Outcome logged(Outcome outcome, String ns, String name, String detail) {
    log.info("diagnosis {}/{} {}: {}", ns, name, outcome.name().toLowerCase(Locale.ROOT), detail);
    return outcome;
  }
}
