package io.aegis.local;

import io.aegis.kernel.config.KernelDefaults;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Runs functions in this JVM, each in its own Spring Boot application context on its own port, as
 * if each were its own Knative Service:
 *
 * <ul>
 *   <li>its own {@code application.properties} — the one next to its Application class; the six
 *       modules' files share one classpath path, so Boot's lookup is switched off and the right
 *       file is added just above the kernel defaults;
 *   <li>the environment its Knative Service gives it ({@code envFrom} the {@code aegis-config}
 *       ConfigMap), as environment variables below the real ones;
 *   <li>{@code server.port}, {@code aegis.sink.url} (= {@code K_SINK}) and any extra properties, on
 *       top;
 *   <li>a fabric8 {@link KubernetesClient} for the embedded API (or the given cluster), which the
 *       kernel's auto-configured client backs off for.
 * </ul>
 */
final class FunctionHost implements AutoCloseable {
  /** A started function. */
  record Running(String name, URI url, ConfigurableApplicationContext context) {}

  private static final String NO_CONFIG =
      "optional:classpath:/io/aegis/local/no-application-config/";

  private final List<Running> running = Collections.synchronizedList(new ArrayList<>());

  /**
   * Starts {@code application} as function {@code name}.
   *
   * @param port its HTTP port, 0 for any free one
   * @param environment environment variables from its Knative Service
   * @param properties highest-priority properties ({@code aegis.sink.url}, extra settings)
   */
  Running start(
      String name,
      Class<?> application,
      int port,
      Config kubernetes,
      Map<String, String> environment,
      Map<String, String> properties) {
    List<String> args = new ArrayList<>();
    args.add("--spring.config.location=" + NO_CONFIG);
    args.add("--server.port=" + port);
    args.add("--server.address=127.0.0.1");
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    Properties module = moduleProperties(application);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(application)
            .bannerMode(Banner.Mode.OFF)
            .registerShutdownHook(false)
            .logStartupInfo(false)
            .listeners(new Layering(name, module, environment))
            .initializers(
                ctx ->
                    ((GenericApplicationContext) ctx)
                        .registerBean(
                            "kubernetesClient",
                            KubernetesClient.class,
                            () -> new KubernetesClientBuilder().withConfig(kubernetes).build(),
                            bd -> bd.setDestroyMethodName("close")))
            .run(args.toArray(String[]::new));
    String actualPort =
        context.getEnvironment().getProperty("local.server.port", String.valueOf(port));
    Running started = new Running(name, URI.create("http://localhost:" + actualPort), context);
    running.add(started);
    return started;
  }

  /** The started functions by name, in start order. */
  Map<String, Running> running() {
    Map<String, Running> byName = new LinkedHashMap<>();
    synchronized (running) {
      running.forEach(r -> byName.put(r.name(), r));
    }
    return byName;
  }

  /**
   * The {@code application.properties} of the module {@code application} comes from: the copy whose
   * archive or directory is the class's own code source.
   */
  static Properties moduleProperties(Class<?> application) {
    String home =
        normalise(application.getProtectionDomain().getCodeSource().getLocation().toString());
    Properties properties = new Properties();
    try {
      for (URL url :
          Collections.list(application.getClassLoader().getResources("application.properties"))) {
        String s = url.toString();
        if (normalise(s.substring(0, s.length() - "application.properties".length()))
            .equals(home)) {
          try (InputStream in = url.openStream()) {
            properties.load(in);
          }
          return properties;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read application.properties of " + application.getName(), e);
    }
    return properties;
  }

  private static String normalise(String location) {
    String s = location.startsWith("jar:") ? location.substring(4) : location;
    while (s.endsWith("/") || s.endsWith("!")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Puts the module's properties and the Service environment where they belong. */
  private record Layering(String name, Properties module, Map<String, String> environment)
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      MutablePropertySources sources = event.getEnvironment().getPropertySources();
      PropertiesPropertySource own =
          new PropertiesPropertySource(name + "-application.properties", module);
      String defaults = KernelDefaults.SOURCE_NAME;
      if (sources.contains(defaults)) {
        sources.addBefore(defaults, own);
      } else {
        sources.addLast(own);
      }
      Map<String, Object> env = new LinkedHashMap<>(environment);
      SystemEnvironmentPropertySource service =
          new SystemEnvironmentPropertySource(name + "-knative-service-env", env);
      String system = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
      if (sources.contains(system)) {
        sources.addAfter(system, service);
      } else {
        sources.addBefore(own.getName(), service);
      }
    }

    @Override
    public int getOrder() {
      // After Boot's config-data and environment post-processors (the kernel defaults among them).
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  @Override
  public void close() {
    List<Running> stopping;
    synchronized (running) {
      stopping = new ArrayList<>(running);
      running.clear();
    }
    Collections.reverse(stopping);
    for (Running r : stopping) {
      r.context().close();
    }
  }
}
