package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.testing.KubeTestSupport;
import io.aegis.kernel.testing.TestAlerts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusWriterKubeTest {
  private static final String NS = TestAlerts.NAMESPACE;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();

  private StatusWriter writer() {
    return new StatusWriter(kube.client(), CLOCK);
  }

  private Resource<AegisAlert> alert(String name) {
    return kube.client().resources(AegisAlert.class).inNamespace(NS).withName(name);
  }

  /** Creates an alert whose status has count 1 (written with updateStatus, as a fixture). */
  private AegisAlert alertWithCount(String name, int count) {
    AegisAlert created = kube.create(TestAlerts.firing(name, "NodeHasEmergencyEvent"));
    AegisAlertStatus status = new AegisAlertStatus();
    status.count = count;
    status.status = AlertStatus.Firing;
    created.setStatus(status);
    return kube.client().resource(created).updateStatus();
  }

  @Test
  void skipsStatusWriteWhenUnchanged() {
    AegisAlert before = alertWithCount("a1", 1);
    int requests = kube.server().getRequestCount();

    var result = writer().update(AegisAlert.class, NS, "a1", s -> s.count = 1);

    assertThat(result).get().extracting(a -> a.getStatus().count).isEqualTo(1);
    assertThat(kube.server().getRequestCount() - requests).as("only the GET").isEqualTo(1);
    assertThat(alert("a1").get().getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void skipsStatusWriteWhenAbsentStatusStaysEmpty() {
    AegisAlert created = kube.create(TestAlerts.firing("a1", "T"));
    int requests = kube.server().getRequestCount();

    var result = writer().update(AegisAlert.class, NS, "a1", s -> s.conditions.clear());

    assertThat(result).isPresent();
    assertThat(kube.server().getRequestCount() - requests).isEqualTo(1);
    assertThat(alert("a1").get().getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void createsStatusWhenAbsent() {
    kube.create(TestAlerts.firing("a1", "T"));

    var result = writer().update(AegisAlert.class, NS, "a1", s -> s.count = 1);

    assertThat(result).get().extracting(a -> a.getStatus().count).isEqualTo(1);
    assertThat(alert("a1").get().getStatus().count).isEqualTo(1);
  }

  @Test
  void writesOnlyStatusAndBumpsResourceVersion() {
    AegisAlert before = alertWithCount("a1", 1);

    writer()
        .update(
            AegisAlert.class,
            NS,
            "a1",
            s -> {
              s.count = 2;
              s.opsStatus = new AlertOpsStatus();
              s.opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
            });

    AegisAlert after = alert("a1").get();
    assertThat(after.getStatus().count).isEqualTo(2);
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(after.getSpec().type).isEqualTo(before.getSpec().type);
    assertThat(after.getMetadata().getResourceVersion())
        .isNotEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void removesStatusFieldsTheMutationClears() {
    alertWithCount("a1", 1);
    writer()
        .update(
            AegisAlert.class,
            NS,
            "a1",
            s -> {
              s.opsStatus = new AlertOpsStatus();
              s.opsStatus.message = "no rule";
              s.opsStatus.total = 0;
              Conditions.set(s.conditions, ConditionTypes.TRIGGERED, "False", "A", "m", CLOCK);
              Conditions.set(s.conditions, ConditionTypes.COMPLETE, "False", "B", "m", CLOCK);
            });

    writer()
        .update(
            AegisAlert.class,
            NS,
            "a1",
            s -> {
              s.opsStatus.message = null;
              s.conditions.remove(0);
            });

    AegisAlertStatus status = alert("a1").get().getStatus();
    assertThat(status.opsStatus.message).isNull();
    assertThat(status.opsStatus.total).isZero();
    assertThat(status.conditions).extracting(c -> c.type).containsExactly(ConditionTypes.COMPLETE);
  }

  @Test
  void returnsEmptyWhenObjectMissing() {
    var calls = new AtomicInteger();

    var result = writer().update(AegisAlert.class, NS, "nope", s -> calls.incrementAndGet());

    assertThat(result).isEmpty();
    assertThat(calls).hasValue(0);
  }

  /**
   * On the mock this proves the retry loop and that a stale {@code metadata.resourceVersion} in the
   * status merge patch is rejected (the mock's PatchHandler checks it, as a real API server does).
   * It cannot prove the same for PUT /status: the mock ignores a stale resourceVersion there (see
   * {@link #mockRejectsStaleResourceVersionInStatusPatchButNotInUpdateStatus}).
   */
  @Test
  void fiftyConcurrentIncrementsLoseNoUpdateViaResourceVersionGuardedStatusPatch()
      throws Exception {
    alertWithCount("a1", 0);
    StatusWriter writer = writer();
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Object> increment =
            () -> {
              start.await();
              return writer.update(AegisAlert.class, NS, "a1", s -> s.count = s.count + 1);
            };
        futures.add(pool.submit(increment));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(alert("a1").get().getStatus().count).isEqualTo(threads);
  }

  /**
   * Pins down the mock behaviour the writer's design rests on (ARCHITECTURE §3): a PUT /status with
   * a stale resourceVersion silently wins on the mock (a real API server answers 409), whereas a
   * merge patch of /status carrying a stale {@code metadata.resourceVersion} is a 409 on both.
   */
  @Test
  void mockRejectsStaleResourceVersionInStatusPatchButNotInUpdateStatus() {
    AegisAlert stale = alertWithCount("a1", 1);
    writer().update(AegisAlert.class, NS, "a1", s -> s.count = 2);

    String staleRv = stale.getMetadata().getResourceVersion();
    assertThatThrownBy(
            () ->
                alert("a1")
                    .subresource("status")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"resourceVersion\":\""
                            + staleRv
                            + "\"},"
                            + "\"status\":{\"count\":7}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    stale.getStatus().count = 9;
    kube.client().resource(stale).updateStatus();
    assertThat(alert("a1").get().getStatus().count)
        .as("mock limitation: stale updateStatus() overwrote count=2")
        .isEqualTo(9);
  }

  @Test
  void givesUpWithConflictAfterBoundedRetries() {
    alertWithCount("a1", 1);
    var attempts = new AtomicInteger();
    StatusWriter writer = new StatusWriter(kube.client(), CLOCK, 4, failed -> {});

    assertThatThrownBy(
            () ->
                writer.update(
                    AegisAlert.class,
                    NS,
                    "a1",
                    s -> {
                      attempts.incrementAndGet();
                      s.count = 100;
                      racingWriterBumps("a1");
                    }))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
        .hasMessageContaining("AegisAlert monitoring/a1");
    assertThat(attempts).hasValue(4);
  }

  @Test
  void retriesAConflictWithAFreshRead() {
    alertWithCount("a1", 1);
    var attempts = new AtomicInteger();

    writer()
        .update(
            AegisAlert.class,
            NS,
            "a1",
            s -> {
              if (attempts.incrementAndGet() == 1) {
                racingWriterBumps("a1");
              }
              s.status = AlertStatus.Resolved;
            });

    AegisAlertStatus status = alert("a1").get().getStatus();
    assertThat(attempts).hasValue(2);
    assertThat(status.status).isEqualTo(AlertStatus.Resolved);
    assertThat(status.lastSeenTime).as("the racing write survives").isEqualTo("racer");
  }

  @Test
  void writeByNameIsOneGetAndOnePatch() {
    alertWithCount("a1", 1);
    markRequests();

    writer().update(AegisAlert.class, NS, "a1", s -> s.count = 2);

    assertThat(requestsSinceMark())
        .as("no second GET by fabric8 before its PATCH")
        .containsExactly("GET", "PATCH");
    assertThat(alert("a1").get().getStatus().count).isEqualTo(2);
  }

  @Test
  void writeFromAHeldObjectIsOnePatch() {
    AegisAlert before = alertWithCount("a1", 1);
    Stored<AegisAlert> held = writer().read(AegisAlert.class, NS, "a1").orElseThrow();
    markRequests();

    Stored<AegisAlert> written = writer().update(held, (AegisAlertStatus s) -> s.count = 2).get();

    assertThat(requestsSinceMark()).containsExactly("PATCH");
    assertThat(written.object().getStatus().count).isEqualTo(2);
    assertThat(written.resourceVersion())
        .isNotEqualTo(before.getMetadata().getResourceVersion())
        .isEqualTo(alert("a1").get().getMetadata().getResourceVersion());
    assertThat(alert("a1").get().getStatus().count).isEqualTo(2);
  }

  @Test
  void unchangedWriteFromAHeldObjectSendsNothing() {
    alertWithCount("a1", 1);
    Stored<AegisAlert> held = writer().read(AegisAlert.class, NS, "a1").orElseThrow();
    markRequests();

    var result = writer().update(held, (AegisAlertStatus s) -> s.count = 1);

    assertThat(result).containsSame(held);
    assertThat(requestsSinceMark()).isEmpty();
  }

  @Test
  void staleHeldObjectConflictsThenIsReadAgainAndTheMutationReapplied() {
    alertWithCount("a1", 1);
    Stored<AegisAlert> held = writer().read(AegisAlert.class, NS, "a1").orElseThrow();
    racingWriterBumps("a1");
    var attempts = new AtomicInteger();
    markRequests();

    var result =
        writer()
            .update(
                held,
                (AegisAlertStatus s) -> {
                  attempts.incrementAndGet();
                  s.count = s.count + 1;
                  s.status = AlertStatus.Resolved;
                });

    assertThat(requestsSinceMark()).containsExactly("PATCH", "GET", "PATCH");
    assertThat(attempts).hasValue(2);
    assertThat(result).get().extracting(r -> r.object().getStatus().count).isEqualTo(2);
    AegisAlertStatus status = alert("a1").get().getStatus();
    assertThat(status.status).isEqualTo(AlertStatus.Resolved);
    assertThat(status.lastSeenTime).as("the racing write survives").isEqualTo("racer");
  }

  @Test
  void heldObjectDeletedMeanwhileGivesEmpty() {
    alertWithCount("a1", 1);
    Stored<AegisAlert> held = writer().read(AegisAlert.class, NS, "a1").orElseThrow();
    alert("a1").delete();

    assertThat(writer().update(held, (AegisAlertStatus s) -> s.count = 2)).isEmpty();
    assertThat(writer().updateIfCurrent(held, (AegisAlertStatus s) -> s.count = 2)).isEmpty();
  }

  @Test
  void updateIfCurrentWritesACurrentCopyAndGivesEmptyForAStaleOneWithoutReading() {
    alertWithCount("a1", 1);
    Stored<AegisAlert> held = writer().read(AegisAlert.class, NS, "a1").orElseThrow();

    Stored<AegisAlert> written =
        writer().updateIfCurrent(held, (AegisAlertStatus s) -> s.count = 2).orElseThrow();
    markRequests();
    var stale = writer().updateIfCurrent(held, (AegisAlertStatus s) -> s.count = 3);

    assertThat(stale).isEmpty();
    assertThat(requestsSinceMark()).as("the 409, and no read").containsExactly("PATCH");
    assertThat(alert("a1").get().getStatus().count).isEqualTo(2);
    assertThat(written.object().getStatus().count).isEqualTo(2);
  }

  @Test
  void fiftyConcurrentIncrementsFromOneHeldCopyLoseNoUpdate() throws Exception {
    alertWithCount("a1", 0);
    StatusWriter writer = writer();
    Stored<AegisAlert> held = writer.read(AegisAlert.class, NS, "a1").orElseThrow();
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Object> increment =
            () -> {
              start.await();
              return writer.update(held, (AegisAlertStatus s) -> s.count = s.count + 1);
            };
        futures.add(pool.submit(increment));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(alert("a1").get().getStatus().count).isEqualTo(threads);
  }

  /**
   * The reason a held object is a {@link Stored} (raw JSON) and not the typed object: converted
   * back to JSON, the model shows {@code conditions: []} that the server does not have (its
   * default) and loses members it does not know. Diffing against that would remove a path the
   * server lacks — a real API server rejects the whole patch (the mock would not notice, so the
   * patch is inspected).
   */
  @Test
  void diffOfAHeldObjectDecidesOnTheServersJsonNotTheModels() throws Exception {
    kube.create(TestAlerts.firing("a1", "T"));
    alert("a1")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"count\":1,\"future\":\"kept\","
                + "\"opsStatus\":{\"message\":\"m\",\"futureNested\":7}}}");
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KubernetesClient capturing = capturingClient(bodies)) {
      StatusWriter writer = new StatusWriter(capturing, CLOCK);
      Stored<AegisAlert> held = writer.read(AegisAlert.class, NS, "a1").orElseThrow();
      JsonNode modelView =
          kube.client().getKubernetesSerialization().convertValue(held.object(), JsonNode.class);
      assertThat(modelView.at("/status/conditions").isArray()).as("the model's default").isTrue();
      assertThat(modelView.at("/status/future").isMissingNode())
          .as("unknown to the model")
          .isTrue();
      bodies.clear();

      writer.update(
          held,
          (AegisAlertStatus s) -> {
            s.count = 2;
            s.conditions = null;
            s.opsStatus.message = null;
          });
    }

    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).startsWith("PATCH ");
    JsonNode ops =
        kube.client()
            .getKubernetesSerialization()
            .unmarshal(bodies.get(0).substring("PATCH ".length()), JsonNode.class);
    List<String> described = new ArrayList<>();
    ops.forEach(op -> described.add(op.get("op").asText() + " " + op.get("path").asText()));
    assertThat(described)
        .containsExactlyInAnyOrder(
            "replace /metadata/resourceVersion",
            "add /status/count",
            "remove /status/opsStatus/message");
    GenericKubernetesResource stored =
        kube.client()
            .genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(AegisAlert.class))
            .inNamespace(NS)
            .withName("a1")
            .get();
    JsonNode status =
        kube.client()
            .getKubernetesSerialization()
            .convertValue(stored, JsonNode.class)
            .path("status");
    assertThat(status.path("count").asInt()).isEqualTo(2);
    assertThat(status.path("future").asText()).isEqualTo("kept");
    assertThat(status.at("/opsStatus/futureNested").asInt()).isEqualTo(7);
    assertThat(status.at("/opsStatus/message").isMissingNode()).isTrue();
  }

  @Test
  void writeFromACreateResponseAddsTheWholeStatus() throws Exception {
    GenericKubernetesResource created =
        kube.client()
            .genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(AegisAlert.class))
            .inNamespace(NS)
            .resource(
                kube.client()
                    .getKubernetesSerialization()
                    .convertValue(TestAlerts.firing("a1", "T"), GenericKubernetesResource.class))
            .create();
    Stored<AegisAlert> held =
        Stored.of(kube.client().getKubernetesSerialization(), AegisAlert.class, created);
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KubernetesClient capturing = capturingClient(bodies)) {
      new StatusWriter(capturing, CLOCK).update(held, (AegisAlertStatus s) -> s.count = 1);
    }

    assertThat(bodies).singleElement().asString().contains("\"op\":\"add\",\"path\":\"/status\"");
    assertThat(alert("a1").get().getStatus().count).isEqualTo(1);
  }

  @Test
  void aCompactCopyDropsManagedFieldsAndWritesTheSame() {
    alertWithCount("a1", 1);
    GenericKubernetesResource raw =
        kube.client()
            .genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(AegisAlert.class))
            .inNamespace(NS)
            .withName("a1")
            .get();
    raw.getMetadata()
        .setManagedFields(
            List.of(
                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Update")
                    .build()));
    Stored<AegisAlert> held =
        Stored.of(kube.client().getKubernetesSerialization(), AegisAlert.class, raw);

    Stored<AegisAlert> compact = held.compact();

    assertThat(compact.raw().getMetadata().getManagedFields()).isNull();
    assertThat(held.raw().getMetadata().getManagedFields())
        .as("the original is untouched")
        .hasSize(1);
    assertThat(compact.resourceVersion()).isEqualTo(held.resourceVersion());
    assertThat(compact.object().getStatus().count).isEqualTo(1);
    markRequests();
    writer().update(compact, (AegisAlertStatus s) -> s.count = 2);
    assertThat(requestsSinceMark()).containsExactly("PATCH");
    assertThat(alert("a1").get().getStatus().count).isEqualTo(2);
  }

  /** A client of the mock that records each request as "METHOD body" (the mock consumes bodies). */
  private KubernetesClient capturingClient(List<String> bodies) {
    return new KubernetesClientBuilder()
        .withConfig(kube.client().getConfiguration())
        .withHttpClientBuilderConsumer(
            b ->
                b.addOrReplaceInterceptor(
                    "capture",
                    new Interceptor() {
                      @Override
                      public void before(
                          BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        bodies.add(request.method() + " " + request.bodyString());
                      }
                    }))
        .build();
  }

  private int takenRequests;

  /** Forgets the requests so far: {@link #requestsSinceMark} lists those after this call. */
  private void markRequests() {
    lastRequests(kube.server().getRequestCount() - takenRequests);
  }

  /** The methods of the requests since {@link #markRequests}, in order. */
  private List<String> requestsSinceMark() {
    return lastRequests(kube.server().getRequestCount() - takenRequests).stream()
        .map(RecordedRequest::getMethod)
        .toList();
  }

  private List<RecordedRequest> lastRequests(int n) {
    List<RecordedRequest> taken = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        RecordedRequest r = kube.server().takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("request %d of %d", i + 1, n).isNotNull();
        taken.add(r);
        takenRequests++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return taken;
  }

  /** Another writer changes the status between our read and our write. */
  private void racingWriterBumps(String name) {
    alert(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"lastSeenTime\":\"racer\",\"resolvedTime\":\""
                + System.nanoTime()
                + "\"}}");
  }

  @Test
  void connectionFailureBecomesApiUnavailable() {
    KubernetesMockServer down = new KubernetesMockServer(false);
    down.init();
    String url = down.url("/");
    down.destroy();

    try (KubernetesClient client = clientWithoutRetries(url)) {
      assertThatThrownBy(
              () -> new StatusWriter(client, CLOCK).update(AegisAlert.class, NS, "a1", s -> {}))
          .isInstanceOfSatisfying(
              AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.API_UNAVAILABLE));
    }
  }

  @Test
  void serverErrorOnWriteBecomesApiUnavailable() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try (KubernetesClient client = clientWithoutRetries(server.url("/"))) {
      AegisAlert stored = TestAlerts.firing("a1", "T");
      stored.getMetadata().setResourceVersion("5");
      String path = "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisalerts/a1";
      server.expect().get().withPath(path).andReturn(200, stored).always();
      server
          .expect()
          .patch()
          .withPath(path + "/status")
          .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd down").build())
          .always();

      assertThatThrownBy(
              () ->
                  new StatusWriter(client, CLOCK)
                      .update(AegisAlert.class, NS, "a1", s -> s.count = 1))
          .isInstanceOfSatisfying(
              AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.API_UNAVAILABLE))
          .hasMessageContaining("AegisAlert monitoring/a1");
    } finally {
      server.destroy();
    }
  }

  @Test
  void forbiddenWriteIsNotTransientAndKeepsTheServersMessage() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try (KubernetesClient client = clientWithoutRetries(server.url("/"))) {
      AegisAlert stored = TestAlerts.firing("a1", "T");
      stored.getMetadata().setResourceVersion("5");
      String path = "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisalerts/a1";
      server.expect().get().withPath(path).andReturn(200, stored).always();
      server
          .expect()
          .patch()
          .withPath(path + "/status")
          .andReturn(
              403,
              new StatusBuilder()
                  .withCode(403)
                  .withReason("Forbidden")
                  .withMessage("aegisalerts.aegis.io \"a1\" is forbidden")
                  .build())
          .always();

      assertThatThrownBy(
              () ->
                  new StatusWriter(client, CLOCK)
                      .update(AegisAlert.class, NS, "a1", s -> s.count = 1))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage()).contains("is forbidden");
              });
    } finally {
      server.destroy();
    }
  }

  private static KubernetesClient clientWithoutRetries(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(2_000)
            .withRequestTimeout(5_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
