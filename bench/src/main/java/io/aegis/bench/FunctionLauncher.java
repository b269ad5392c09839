package io.aegis.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a function (or the bare baseline) as a {@link Variant} says, under an emulated container
 * memory limit ({@code -XX:MaxRAM}, as knative/300-services' 256Mi limit: without it the JVM would
 * size its heap for this host's memory).
 */
public final class FunctionLauncher {
  private final BenchEnv env;
  private final DockerfileLaunch launch;
  private final String containerMemory;
  private final Map<String, ProductionLayout> layouts = new HashMap<>();
  private final Map<String, String> caches = new HashMap<>();

  public FunctionLauncher(BenchEnv env, String containerMemory) {
    this.env = env;
    this.launch = DockerfileLaunch.read(env.root.resolve("Dockerfile"));
    this.containerMemory = containerMemory;
  }

  public DockerfileLaunch dockerfile() {
    return launch;
  }

  public String containerMemory() {
    return containerMemory;
  }

  /** Extracts the function's jar and trains the AOT cache of every {@code prod} variant. */
  public void prepare(String fn, List<Variant> variants) throws IOException {
    ProductionLayout layout = layouts.get(fn);
    if (layout == null) {
      layout = new ProductionLayout(env, launch, fn, env.execJar(fn), fn);
      layout.extract();
      layouts.put(fn, layout);
    }
    for (Variant v : variants) {
      if (v.root() != null && !layouts.containsKey(key(fn, v))) {
        // That checkout's jar launched as that checkout's Dockerfile says.
        ProductionLayout other =
            new ProductionLayout(
                env,
                DockerfileLaunch.read(v.root().resolve("Dockerfile")),
                fn,
                env.execJar(v.root(), fn),
                fn + "-" + v.name());
        other.extract();
        layouts.put(key(fn, v), other);
      }
    }
    for (Variant v : variants) {
      layout = layouts.get(key(fn, v));
      if (v.kind() == Variant.Kind.PROD && !caches.containsKey(fn + "/" + v.name())) {
        caches.put(
            fn + "/" + v.name(),
            layout.cache(v.name().equals("prod") ? "" : v.name(), v.options()));
      }
    }
  }

  private static String key(String fn, Variant v) {
    return v.root() == null ? fn : fn + "@" + v.name();
  }

  /** The production layout of a prepared function. */
  public ProductionLayout layout(String fn) {
    return layouts.get(fn);
  }

  /**
   * Standard environment of a function process: its port, the embedded API (no kubeconfig, no
   * service account), and the K_SINK.
   */
  public static Map<String, String> environment(
      int port, String apiUrl, String namespace, String sink) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("SERVER_PORT", Integer.toString(port));
    vars.put("KUBERNETES_MASTER", apiUrl);
    vars.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    vars.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    vars.put("KUBERNETES_NAMESPACE", namespace);
    vars.put("KUBERNETES_TRUST_CERTIFICATES", "true");
    if (sink != null) {
      vars.put("K_SINK", sink);
    }
    return vars;
  }

  /** Whether a {@code prod-workload} variant still needs its training run. */
  public boolean needsWorkloadTraining(String fn, Variant v) throws IOException {
    ProductionLayout layout = layouts.get(key(fn, v));
    String name = v.name() + "-" + launch.cacheFile();
    Path options = layout.app().resolve(name + ".options");
    return !java.nio.file.Files.isRegularFile(layout.app().resolve(name))
        || !java.nio.file.Files.isRegularFile(options)
        || !java.nio.file.Files.readString(options).equals(layout.javaToolOptions(v.options()));
  }

  /** Marks a workload-trained cache as current. */
  public void workloadTrained(String fn, Variant v) throws IOException {
    ProductionLayout layout = layouts.get(key(fn, v));
    String name = v.name() + "-" + launch.cacheFile();
    if (!java.nio.file.Files.isRegularFile(layout.app().resolve(name))) {
      throw new IllegalStateException("training of " + fn + "/" + name + " wrote no cache");
    }
    java.nio.file.Files.writeString(
        layout.app().resolve(name + ".options"), layout.javaToolOptions(v.options()));
  }

  public Launched start(String fn, Variant v, Map<String, String> environment, Path log) {
    return start(fn, v, environment, log, false);
  }

  /**
   * With {@code training}, a {@code prod-workload} variant writes its cache instead of using it.
   */
  public Launched start(
      String fn, Variant v, Map<String, String> environment, Path log, boolean training) {
    return start(fn, v, environment, log, training, List.of());
  }

  /**
   * With {@code extraJvm}, options added to the command line only (profiling: {@code -Xlog:...},
   * NMT), not to {@code JAVA_TOOL_OPTIONS}, so a {@code prod} variant keeps its cache.
   */
  public Launched start(
      String fn,
      Variant v,
      Map<String, String> environment,
      Path log,
      boolean training,
      List<String> extraJvm) {
    Map<String, String> envVars = new LinkedHashMap<>(environment);
    List<String> memory = new ArrayList<>(extraJvm);
    if (!containerMemory.equals("none")) {
      memory.add("-XX:MaxRAM=" + containerMemory);
    }
    ProductionLayout layout = layouts.get(key(fn, v));
    List<String> cmd = new ArrayList<>();
    Path dir = layout.app();
    switch (v.kind()) {
      case JAR17, JAR25 -> {
        cmd.add(v.kind() == Variant.Kind.JAR17 ? env.java17 : env.java25);
        cmd.addAll(memory);
        cmd.add("-jar");
        cmd.add((v.root() == null ? env.execJar(fn) : env.execJar(v.root(), fn)).toString());
        if (!v.options().isBlank()) {
          envVars.put("JAVA_TOOL_OPTIONS", v.options());
        }
      }
      case PROD -> {
        cmd.addAll(layout.command(caches.get(fn + "/" + v.name()), memory));
        envVars.put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(v.options()));
      }
      case PROD_WORKLOAD -> {
        String name = v.name() + "-" + launch.cacheFile();
        for (String t : layout.command(name, memory)) {
          cmd.add(training && t.startsWith("-XX:AOTCache=") ? "-XX:AOTCacheOutput=" + name : t);
        }
        envVars.put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(v.options()));
      }
      case PROD_NOCACHE -> {
        for (String t : layout.command("none", memory)) {
          if (!t.startsWith("-XX:AOTCache=")) {
            cmd.add(t);
          }
        }
        envVars.put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(v.options()));
      }
      case BARE17, BARE25 -> {
        cmd.add(v.kind() == Variant.Kind.BARE17 ? env.java17 : env.java25);
        cmd.addAll(memory);
        cmd.add("-cp");
        cmd.add(env.benchClasses.toString());
        cmd.add(BareHttpServer.class.getName());
        String jto =
            v.kind() == Variant.Kind.BARE25 ? layout.javaToolOptions(v.options()) : v.options();
        if (!jto.isBlank()) {
          envVars.put("JAVA_TOOL_OPTIONS", jto);
        }
      }
      default -> throw new IllegalStateException(v.kind().name());
    }
    return Launched.start(cmd, envVars, dir, log);
  }
}
