package io.aegis.local;

import io.aegis.diagnose.DiagnoseApplication;
import io.aegis.healthcheckcron.HealthcheckCronApplication;
import io.aegis.matchrule.MatchRuleApplication;
import io.aegis.parsealert.ParseAlertApplication;
import io.aegis.rendersubmit.RenderSubmitApplication;
import io.aegis.trackstatus.TrackStatusApplication;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aegis on one machine: the Kubernetes API (embedded, or a cluster from a kubeconfig), the six
 * functions ({@link FunctionHost}), and Knative Eventing's part played by {@link LocalBroker},
 * {@link ApiServerSourceAdapter} and {@link PingScheduler} from the manifests under {@code
 * knative/}. {@code ./aegis run} and the end-to-end tests both start it through {@link #start}.
 */
public final class LocalRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalRunner.class);

  /** Function name → its Spring Boot application, in start order. */
  static final Map<String, Class<?>> APPLICATIONS =
      Map.of(
          "parse-alert", ParseAlertApplication.class,
          "match-rule", MatchRuleApplication.class,
          "render-submit", RenderSubmitApplication.class,
          "track-status", TrackStatusApplication.class,
          "diagnose", DiagnoseApplication.class,
          "healthcheck-cron", HealthcheckCronApplication.class);

  private static final int PARALLEL_STARTS = 2;

  private final RunnerOptions options;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private URI apiUrl;
  private Path kubeconfig;
  private LocalBroker broker;
  private String sinkBroker;
  private FunctionHost functions;
  private PingScheduler pings;
  private KnativeManifests manifests;
  private List<String> examples = List.of();

  private LocalRunner(RunnerOptions options) {
    this.options = options;
  }

  /** Starts everything; {@code out} gets the lifecycle stream (and simulation notices). */
  public static LocalRunner start(RunnerOptions options, PrintStream out) {
    Logging.keepSpringOut();
    LocalRunner runner = new LocalRunner(options);
    try {
      runner.startAll(out);
      return runner;
    } catch (RuntimeException | Error e) {
      runner.close();
      throw e;
    }
  }

  private void startAll(PrintStream out) {
    manifests = KnativeManifests.load(options.home().resolve("knative"));
    Config config = startApi();
    client = remember(new KubernetesClientBuilder().withConfig(config).build());
    functions = remember(new FunctionHost());
    try {
      broker =
          remember(
              new LocalBroker(
                  options.brokerPort(), manifests.brokers(), manifests.triggers(), this::resolve));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the local broker on port " + options.brokerPort(), e);
    }
    sinkBroker = sinkBroker();
    String sink = broker.url(sinkBroker.split("/")[0], sinkBroker.split("/")[1]).toString();
    startFunctions(config, sink);
    ApiServerSourceAdapter adapter = remember(new ApiServerSourceAdapter(client, apiUrl));
    for (ApiServerSource source : manifests.apiServerSources()) {
      String target = brokerOf(source.getSpec().getSink(), source.getMetadata().getNamespace());
      adapter.start(source, e -> broker.publish(target, e));
    }
    pings = remember(new PingScheduler(options.pingInterval()));
    for (PingSource source : manifests.pingSources()) {
      String target = brokerOf(source.getSpec().getSink(), source.getMetadata().getNamespace());
      pings.start(source, e -> broker.publish(target, e));
    }
    LifecycleStream lifecycle = remember(new LifecycleStream(client, out));
    lifecycle.start();
    if (options.simulateWorkflows()) {
      remember(new WorkflowSimulator(client, options.simulationDelay(), out)).start();
    }
    if (options.applyExamples()) {
      examples = Examples.apply(client, options.home().resolve("examples"));
    }
  }

  /** Starts the functions, a few at a time (startup is mostly class loading and CPU). */
  private void startFunctions(Config config, String sink) {
    long t0 = System.nanoTime();
    ExecutorService starters =
        Executors.newFixedThreadPool(PARALLEL_STARTS, Daemons.factory("function-start"));
    try {
      List<CompletableFuture<Void>> started = new ArrayList<>();
      for (String name : RunnerOptions.ALL_FUNCTIONS) {
        if (options.functions().contains(name)) {
          int port = name.equals("parse-alert") ? options.webhookPort() : 0;
          Map<String, String> properties = new LinkedHashMap<>(options.properties());
          properties.put("aegis.sink.url", sink);
          Map<String, String> environment = manifests.environmentOf(name);
          started.add(
              CompletableFuture.runAsync(
                  () ->
                      functions.start(
                          name, APPLICATIONS.get(name), port, config, environment, properties),
                  starters));
        }
      }
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      starters.shutdown();
    }
    log.info(
        "Started {} in {} ms", functions.running().keySet(), (System.nanoTime() - t0) / 1_000_000);
  }

  private Config startApi() {
    if (options.kubeconfig() == null) {
      List<CustomResourceDefinition> crds = EmbeddedApiServer.aegisCrds(manifests.crds());
      api = remember(EmbeddedApiServer.start(options.apiPort(), crds));
      Set<String> namespaces = new LinkedHashSet<>(manifests.namespaces());
      namespaces.addAll(List.of("aegis", Examples.DEFAULT_NAMESPACE, "default"));
      api.createNamespaces(List.copyOf(namespaces));
      apiUrl = api.url();
      kubeconfig = api.writeKubeconfig(options.workDir().resolve("kubeconfig"));
      return api.clientConfig();
    }
    Path path = options.kubeconfig().toAbsolutePath();
    Config config = Config.fromKubeconfig(path.toFile());
    apiUrl = URI.create(config.getMasterUrl());
    kubeconfig = path;
    try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
      if (options.installCrds()) {
        for (CustomResourceDefinition crd : EmbeddedApiServer.aegisCrds(manifests.crds())) {
          admin.resource(crd).createOr(NonDeletingOperation::update);
        }
      }
      try {
        EmbeddedApiServer.ensureNamespaces(admin, List.of("aegis", Examples.DEFAULT_NAMESPACE));
      } catch (KubernetesClientException e) {
        log.warn("Cannot create the namespaces aegis and monitoring: {}", e.getMessage());
      }
    }
    return config;
  }

  /** A Trigger subscriber's URL: a Knative Service ref is the local function of that name. */
  private Optional<URI> resolve(Destination destination) {
    KReference ref = destination.getRef();
    String uri = destination.getUri();
    if (ref == null) {
      return Optional.ofNullable(uri).map(URI::create);
    }
    if (!"Service".equals(ref.getKind()) || functions == null) {
      return Optional.empty();
    }
    FunctionHost.Running running = functions.running().get(ref.getName());
    if (running == null) {
      return Optional.empty();
    }
    return Optional.of(uri == null ? running.url().resolve("/") : running.url().resolve(uri));
  }

  /** The broker a source's sink names ({@code namespace/name}). */
  private String brokerOf(Destination sink, String namespace) {
    KReference ref = sink == null ? null : sink.getRef();
    if (ref == null || !"Broker".equals(ref.getKind())) {
      throw new IllegalArgumentException("only Broker sinks are supported locally, got " + sink);
    }
    return LocalBroker.key(
        ref.getNamespace() == null ? namespace : ref.getNamespace(), ref.getName());
  }

  /** Where {@code K_SINK} points: the SinkBinding's broker, else the only broker. */
  private String sinkBroker() {
    return manifests.sinkBindings().stream()
        .filter(b -> b.getSpec().getSink() != null)
        .map(b -> brokerOf(b.getSpec().getSink(), b.getMetadata().getNamespace()))
        .findFirst()
        .or(() -> broker.brokers().stream().findFirst())
        .orElseThrow(() -> new IllegalArgumentException("knative/ defines no Broker"));
  }

  private <T extends AutoCloseable> T remember(T resource) {
    resources.add(resource);
    return resource;
  }

  public RunnerOptions options() {
    return options;
  }

  /** The Kubernetes API the functions use (embedded: its kubectl address). */
  public URI apiUrl() {
    return apiUrl;
  }

  /** The kubeconfig for kubectl. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A client of the API the functions use. */
  public KubernetesClient client() {
    return client;
  }

  public LocalBroker broker() {
    return broker;
  }

  /** The ingress URL other systems publish CloudEvents to ({@code K_SINK}). */
  public URI brokerUrl() {
    return broker.url(sinkBroker.split("/")[0], sinkBroker.split("/")[1]);
  }

  public PingScheduler pings() {
    return pings;
  }

  /** The base URL of a running function. */
  public URI functionUrl(String name) {
    FunctionHost.Running running = functions.running().get(name);
    if (running == null) {
      throw new IllegalArgumentException(name + " is not running");
    }
    return running.url();
  }

  Map<String, FunctionHost.Running> functions() {
    return functions.running();
  }

  KnativeManifests manifests() {
    return manifests;
  }

  /** The example objects applied at start. */
  public List<String> examples() {
    return examples;
  }

  /** Stops everything, last started first. */
  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn(
            "Stopping {} failed: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
    resources.clear();
  }
}
