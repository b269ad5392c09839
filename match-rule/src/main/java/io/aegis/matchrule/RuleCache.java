package io.aegis.matchrule;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.error.AegisException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies the current {@link RuleIndex}.
 *
 * <p>Default mode {@code INFORMER}: a fabric8 informer per watched namespace (or one over all
 * namespaces) keeps the rules in memory; the index is rebuilt only after a rule changed, on the
 * next lookup. Why an informer rather than a LIST per alert: alerts arrive in bursts (one node
 * failure fires dozens), and a LIST of thousands of rules per alert costs the API server and this
 * function far more than one watch. The informer is started lazily by the first alert, not at
 * startup, so a scale-from-zero cold start (and the AOT training run, which has no cluster) pays
 * nothing for it; the first alert after a cold start waits for the initial LIST, i.e. costs what a
 * per-call LIST would. Mode {@code PER_CALL} lists the rules for every alert: always current, no
 * watch permission needed, meant for small rule sets.
 *
 * <p>Rules whose status does not say what validation says (invalid ones, and rules created before
 * the ApiServerSource started, which sends no event for them) are marked in the background so
 * lookups never wait for those writes.
 */
final class RuleCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuleCache.class);

  private final KubernetesClient client;
  private final MatchRuleProperties properties;
  private final RuleValidation validation;
  private final Set<String> marking = ConcurrentHashMap.newKeySet();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<AegisAlertOpsRule>> informers = new ArrayList<>();
  private ExecutorService marker;

  private volatile RuleIndex index = RuleIndex.empty();
  private volatile boolean dirty = true;
  private volatile boolean started;

  RuleCache(KubernetesClient client, MatchRuleProperties properties, RuleValidation validation) {
    this.client = client;
    this.properties = properties;
    this.validation = validation;
  }

  /** The index of the valid rules, as current as the cache mode allows. */
  RuleIndex index() {
    if (properties.cache() == MatchRuleProperties.CacheMode.PER_CALL) {
      return build(list());
    }
    ensureStarted();
    if (dirty) {
      synchronized (this) {
        if (dirty) {
          dirty = false; // a change arriving during the rebuild sets it again
          List<AegisAlertOpsRule> rules = new ArrayList<>();
          informers.forEach(i -> rules.addAll(i.getStore().list()));
          index = build(rules);
        }
      }
    }
    return index;
  }

  /**
   * The resourceVersion of a rule as the cache currently holds it (tests await a rule's arrival
   * with it); the API's in {@code PER_CALL} mode.
   */
  Optional<String> resourceVersion(String namespace, String name) {
    if (properties.cache() == MatchRuleProperties.CacheMode.PER_CALL) {
      return Optional.ofNullable(
              client.resources(AegisAlertOpsRule.class).inNamespace(namespace).withName(name).get())
          .map(r -> r.getMetadata().getResourceVersion());
    }
    ensureStarted();
    return informers.stream()
        .map(i -> i.getStore().getByKey(namespace + "/" + name))
        .filter(r -> r != null)
        .map(r -> r.getMetadata().getResourceVersion())
        .findFirst();
  }

  private RuleIndex build(List<AegisAlertOpsRule> rules) {
    for (AegisAlertOpsRule rule : rules) {
      RuleIndex.Verdict verdict = RuleIndex.verdict(rule);
      if (!RuleValidation.upToDate(rule, verdict)) {
        markLater(rule, verdict);
      }
    }
    return RuleIndex.of(rules);
  }

  /**
   * Reports type regexes that gave up on an alert type: logged once per rule and regex, and
   * recorded on the rule in the background (see {@link RuleValidation#recordGaveUp}).
   */
  void reportGaveUp(List<RuleIndex.GaveUp> gaveUp) {
    for (RuleIndex.GaveUp g : gaveUp) {
      String key = g.rule().ref().uid() + "|" + g.pattern();
      if (!reported.add(key)) {
        continue;
      }
      log.warn(
          "rule {}: type regex \"{}\" gave up on alert type \"{}\" {}; counted as not matching"
              + " (recorded on the rule)",
          g.rule().ref().subject(),
          g.pattern(),
          g.alertType(),
          g.why());
      inBackground(
          () -> validation.recordGaveUp(g),
          () -> reported.remove(key), // the next alert it gives up on tries again
          g.rule().ref().subject());
    }
  }

  private void markLater(AegisAlertOpsRule rule, RuleIndex.Verdict verdict) {
    String key = rule.getMetadata().getUid() + "@" + rule.getMetadata().getResourceVersion();
    if (!marking.add(key)) {
      return; // already queued or tried for this version of the rule
    }
    // The write changes the resourceVersion, so the key is obsolete once it succeeded. When it
    // failed, the key stays so a failing write is not repeated on every lookup: the next change
    // of this rule (or its next ApiServerSource event) retries.
    inBackground(
        () -> {
          validation.record(rule, verdict);
          marking.remove(key);
        },
        () -> {},
        rule.getMetadata().getNamespace() + "/" + rule.getMetadata().getName());
  }

  /** Runs a rule status write on the marker thread, so lookups never wait for it. */
  private void inBackground(Runnable write, Runnable onFailure, String rule) {
    ExecutorService executor;
    synchronized (this) {
      if (marker == null) {
        marker =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "match-rule-mark-rules");
                  t.setDaemon(true);
                  return t;
                });
      }
      executor = marker;
    }
    executor.execute(
        () -> {
          try {
            write.run();
          } catch (AegisException e) {
            onFailure.run();
            log.warn("could not mark rule {}: {}", rule, e.getMessage());
          }
        });
  }

  private List<AegisAlertOpsRule> list() {
    try {
      var rules = client.resources(AegisAlertOpsRule.class);
      if (properties.namespaces().isEmpty()) {
        return rules.inAnyNamespace().list().getItems();
      }
      List<AegisAlertOpsRule> all = new ArrayList<>();
      for (String ns : properties.namespaces()) {
        all.addAll(rules.inNamespace(ns).list().getItems());
      }
      return all;
    } catch (KubernetesClientException e) {
      throw AegisException.apiUnavailable("cannot list AegisAlertOpsRules", e);
    }
  }

  private void ensureStarted() {
    if (started) {
      return;
    }
    synchronized (this) {
      if (started) {
        return;
      }
      ResourceEventHandler<AegisAlertOpsRule> changed =
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(AegisAlertOpsRule rule) {
              dirty = true;
            }

            @Override
            public void onUpdate(AegisAlertOpsRule before, AegisAlertOpsRule after) {
              dirty = true;
            }

            @Override
            public void onDelete(AegisAlertOpsRule rule, boolean finalStateUnknown) {
              dirty = true;
            }
          };
      var rules = client.resources(AegisAlertOpsRule.class);
      List<SharedIndexInformer<AegisAlertOpsRule>> created = new ArrayList<>();
      if (properties.namespaces().isEmpty()) {
        created.add(rules.inAnyNamespace().runnableInformer(0));
      } else {
        properties
            .namespaces()
            .forEach(ns -> created.add(rules.inNamespace(ns).runnableInformer(0)));
      }
      try {
        for (SharedIndexInformer<AegisAlertOpsRule> informer : created) {
          informer.addEventHandler(changed);
          informer
              .start()
              .toCompletableFuture()
              .get(properties.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (ExecutionException | TimeoutException | KubernetesClientException e) {
        created.forEach(SharedIndexInformer::stop);
        throw AegisException.apiUnavailable(
            "rule informer did not sync within " + properties.syncTimeout(), e);
      } catch (InterruptedException e) {
        created.forEach(SharedIndexInformer::stop);
        Thread.currentThread().interrupt();
        throw AegisException.apiUnavailable("interrupted while starting the rule informer", e);
      }
      informers.addAll(created);
      dirty = true;
      started = true;
      log.info(
          "rule informer synced ({})",
          properties.namespaces().isEmpty() ? "all namespaces" : properties.namespaces());
    }
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    started = false;
    if (marker != null) {
      marker.shutdownNow();
    }
  }
}
