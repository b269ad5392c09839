package io.aegis.kernel.aot;

import io.aegis.kernel.cloudevents.CloudEventParser;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.KSinkPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.config.KernelProperties;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.ArgoWorkflows;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.KubeClients;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Makes the AOT-cache training run (Dockerfile: {@code -Dspring.context.exit=onRefresh}) load and
 * link what a function's <em>first event</em> needs, not only what its startup needs, so that the
 * cache holds it and a scale-from-zero start does not load it class by class on the first request
 * (measured: the first event was a quarter to a third of a cold start; docs/performance.md).
 *
 * <p>The training run has no cluster and no broker, and must never reach one. So the warm-up runs
 * the kernel's own paths against a throw-away {@link StubApiServer} on the loopback interface with
 * a client of its own: fabric8's HTTP request path (typed for the AegisAlert, generic for the Argo
 * Workflow), the {@link StatusWriter} read-diff-patch cycle, CloudEvent parsing and a {@code
 * K_SINK} publish. It stays narrow on purpose: every class it loads is preloaded by every start of
 * every function, so a kind only one function reads (pods, nodes, the other CRDs) would cost the
 * others memory and time (measured: warming all kinds made the start no faster and 13 MiB bigger).
 * Any failure is logged and ignored: the warm-up can only make the cache better, never break the
 * build.
 *
 * <p>Then the function's own first event, through its real HTTP stack: the training run's web
 * server is started early (on a free port: {@code KernelDefaults} sets {@code server.port=0} in
 * this run), the module's {@link AotTrainingScenario} (from {@code META-INF/spring.factories})
 * seeds the stub API — which the application's own {@code KubernetesClient} talks to in this run
 * ({@link AotTraining#redirect}) — and its requests are posted to the function, followed by the
 * liveness and readiness probes. Measured: a cache trained by a real first event made cold starts
 * 8–18 % faster (docs/performance.md); the stub API stands in for the cluster the Docker build does
 * not have.
 *
 * <p>Active only when {@code spring.context.exit=onRefresh}; checked at run time (not as a bean
 * condition) because the Spring AOT build evaluates conditions once, without that property. Runs
 * after all singletons are created, before the lifecycle processor ends the training run.
 */
public final class AotTrainingWarmup
    implements SmartInitializingSingleton, ApplicationContextAware {
  static final String NAMESPACE = "aot-training";

  private static final Logger log = LoggerFactory.getLogger(AotTrainingWarmup.class);

  private final Environment environment;
  private ApplicationContext context;
  private volatile List<String> completed = List.of();

  public AotTrainingWarmup(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  /**
   * True in the training run ({@code spring.context.exit=onRefresh}) unless switched off with
   * {@code aegis.aot-training.warmup=false}.
   */
  boolean active() {
    return AotTraining.active(environment);
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!active()) {
      return;
    }
    long start = System.nanoTime();
    List<String> done = run(AotTraining.api());
    done.addAll(exercise(context));
    completed = List.copyOf(done);
    log.info(
        "AOT training warm-up ran {} in {} ms",
        done,
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  /**
   * What the warm-up completed ({@code "alerts"}, {@code "<scenario>:<HTTP status>"}…); empty
   * outside the training run. Tests check that their function's scenario is answered 2xx.
   */
  public List<String> completed() {
    return completed;
  }

  /** Runs every kernel step against a stub API of its own; the names of those that completed. */
  static List<String> run() {
    try (StubApiServer api = StubApiServer.start()) {
      return run(api);
    }
  }

  /** Runs every kernel step against {@code api}; returns the names of those that completed. */
  static List<String> run(StubApiServer api) {
    List<String> done = new ArrayList<>();
    step(done, "events", AotTrainingWarmup::events);
    try (KubernetesClient client = client(api.url())) {
      step(done, "alerts", () -> alerts(client));
      step(done, "workflows", () -> workflows(client));
      step(done, "sink", () -> sink(api.url()));
    } catch (RuntimeException e) {
      log.debug("AOT training warm-up: stub API unavailable", e);
    }
    return done;
  }

  /**
   * The function's first event over HTTP: starts {@code context}'s web server, then, per {@link
   * AotTrainingScenario} the application's class path declares, seeds the stub API and sends the
   * scenario's requests; then the probes. Returns what completed ({@code "<scenario>:<status>"} per
   * request, {@code "probes"}); nothing when {@code context} has no web server.
   */
  static List<String> exercise(ApplicationContext context) {
    List<String> done = new ArrayList<>();
    if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
      return done;
    }
    WebServer server = web.getWebServer();
    try {
      server.start();
    } catch (RuntimeException e) {
      log.debug("AOT training warm-up: web server did not start", e);
      return done;
    }
    URI base = URI.create("http://127.0.0.1:" + server.getPort() + "/");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    List<AotTrainingScenario> scenarios =
        SpringFactoriesLoader.loadFactories(AotTrainingScenario.class, context.getClassLoader());
    try (KubernetesClient client = client(AotTraining.api().url())) {
      for (AotTrainingScenario scenario : scenarios) {
        String name = scenario.getClass().getSimpleName();
        try {
          scenario.seed(client);
          for (TrainingRequest request : scenario.requests()) {
            done.add(name + ":" + send(http, base, request));
          }
        } catch (RuntimeException | IOException e) {
          log.debug("AOT training scenario {} failed (ignored)", name, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return done;
        }
      }
    }
    try {
      send(http, base, TrainingRequest.get("/actuator/health/liveness"));
      send(http, base, TrainingRequest.get("/actuator/health/readiness"));
      done.add("probes");
    } catch (IOException e) {
      log.debug("AOT training probes failed (ignored)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  private static int send(HttpClient http, URI base, TrainingRequest request)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(request.path()))
            .timeout(Duration.ofSeconds(30))
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    request.headers().forEach(b::header);
    int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    log.debug("AOT training: {} {} -> {}", request.method(), request.path(), status);
    return status;
  }

  private static void step(List<String> done, String name, Runnable step) {
    try {
      step.run();
      done.add(name);
    } catch (RuntimeException | LinkageError e) {
      log.debug("AOT training warm-up step {} failed (ignored)", name, e);
    }
  }

  static KubernetesClient client(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace(NAMESPACE)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(2_000)
            .withRequestTimeout(5_000)
            .build();
    return KubeClients.client(config);
  }

  /** CloudEvent parsing and the event payloads' JSON, as the edge and the functions do it. */
  private static void events() {
    AlertRecorded recorded =
        new AlertRecorded(
            new ResourceRef(NAMESPACE, "warmup", "uid"), "Warmup", "Firing", "fp", 1, true);
    byte[] data = Json.write(recorded);
    InboundEvent event =
        CloudEventParser.parse(
            Map.of(
                "ce-specversion", List.of("1.0"),
                "ce-id", List.of("warmup"),
                "ce-type", List.of(AlertRecorded.TYPE),
                "ce-source", List.of("/aegis/warmup"),
                "ce-subject", List.of(NAMESPACE + "/warmup"),
                "Content-Type", List.of("application/json")),
            data);
    event.dataAs(AlertRecorded.class);
    String structured =
        "{\"specversion\":\"1.0\",\"id\":\"w\",\"type\":\"io.aegis.alert.custom.v1\","
            + "\"source\":\"/w\",\"datacontenttype\":\"application/json\",\"data\":{\"type\":\"W\"}}";
    CloudEventParser.parse(
        Map.of("Content-Type", List.of("application/cloudevents+json")),
        structured.getBytes(StandardCharsets.UTF_8));
    Json.tree(data, "warm-up");
  }

  /**
   * Create, get, list and delete of every Aegis kind: fabric8's typed path and the model's JSON.
   * /** The AegisAlert, which most functions read and write: typed create, get (found and absent),
   * list by label, and the status write every function does through the {@link StatusWriter} (read,
   * mutate, diff, patch).
   */
  private static void alerts(KubernetesClient client) {
    AegisAlert alert = new AegisAlert();
    alert.setMetadata(new ObjectMetaBuilder().withName("warmup").withNamespace(NAMESPACE).build());
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = "Warmup";
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject("Node", "node", null, "node");
    spec.details.put("reason", "warmup");
    spec.fingerprint = "warmup";
    alert.setSpec(spec);
    client.resource(alert).create();
    client.resources(AegisAlert.class).inNamespace(NAMESPACE).withName("warmup").get();
    client.resources(AegisAlert.class).inNamespace(NAMESPACE).withName("absent").get();
    client.resources(AegisAlert.class).inNamespace(NAMESPACE).withLabel("fingerprint", "x").list();
    Clock clock = Clock.systemUTC();
    new StatusWriter(client, clock)
        .update(
            AegisAlert.class,
            NAMESPACE,
            "warmup",
            (AegisAlertStatus s) -> {
              s.status = AlertStatus.Firing;
              s.count = 1;
              s.startTime = "2026-01-01T00:00:00Z";
              Conditions.set(s.conditions, "Warmup", Conditions.TRUE, "Warmup", "warm-up", clock);
            });
  }

  /** The Argo Workflow, through the generic client as render-submit and track-status use it. */
  private static void workflows(KubernetesClient client) {
    ResourceDefinitionContext workflows = ArgoWorkflows.CONTEXT;
    GenericKubernetesResource wf = new GenericKubernetesResource();
    wf.setApiVersion("argoproj.io/v1alpha1");
    wf.setKind("Workflow");
    wf.setMetadata(new ObjectMetaBuilder().withName("warmup").withNamespace(NAMESPACE).build());
    wf.setAdditionalProperty("spec", Map.of("entrypoint", "main"));
    client.genericKubernetesResources(workflows).inNamespace(NAMESPACE).resource(wf).create();
    client.genericKubernetesResources(workflows).inNamespace(NAMESPACE).withName("warmup").get();
    client.genericKubernetesResources(workflows).inNamespace(NAMESPACE).list();
  }

  /** One CloudEvent posted as KSinkPublisher posts replies to K_SINK (the stub answers it). */
  private static void sink(String url) {
    KernelProperties.Sink config =
        new KernelProperties.Sink(
            url + "sink",
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(10));
    new KSinkPublisher(config, "/aegis/warmup")
        .publish(
            "warmup",
            new Reply(
                AlertRecorded.TYPE,
                NAMESPACE + "/warmup",
                new AlertRecorded(
                    new ResourceRef(NAMESPACE, "w", "u"), "W", "Firing", "fp", 1, true)));
  }
}
