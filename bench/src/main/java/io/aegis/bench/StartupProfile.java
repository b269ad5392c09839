package io.aegis.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Startup timeline of one function (bench/run.sh profile): runs the application's main class with
 * Spring's {@link BufferingApplicationStartup}, then prints the slowest steps (bean instantiations
 * with their bean names, configuration-class parsing, refresh phases), the number of beans, and the
 * classes loaded. Run on the extracted production classpath, e.g. {@code java -cp
 * app/application.jar:bench/target/classes io.aegis.bench.StartupProfile <main class>}.
 */
public final class StartupProfile {
  public static void main(String[] args) throws Exception {
    Class<?> main = Class.forName(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    long t0 = System.nanoTime();
    SpringApplication app = new SpringApplication(main);
    // Spring AOT (-Dspring.aot.enabled=true) looks up the initializer of the main class.
    app.setMainApplicationClass(main);
    BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
    app.setApplicationStartup(startup);
    ConfigurableApplicationContext context = app.run();
    long t1 = System.nanoTime();
    StartupTimeline timeline = startup.getBufferedTimeline();
    List<StartupTimeline.TimelineEvent> events = new ArrayList<>(timeline.getEvents());
    // Self time: a step's duration minus its children's.
    Map<Long, Long> childNanos = new HashMap<>();
    for (StartupTimeline.TimelineEvent e : events) {
      Long parent = e.getStartupStep().getParentId();
      if (parent != null) {
        childNanos.merge(parent, e.getDuration().toNanos(), Long::sum);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "context refreshed in %.0f ms; %d beans; %d steps recorded%n",
        (t1 - t0) / 1e6,
        context.getBeanDefinitionCount(),
        events.size());
    Map<String, Long> byName = new HashMap<>();
    for (StartupTimeline.TimelineEvent e : events) {
      long self =
          e.getDuration().toNanos() - childNanos.getOrDefault(e.getStartupStep().getId(), 0L);
      byName.merge(e.getStartupStep().getName(), self, Long::sum);
    }
    System.out.println("\nself time by step name:");
    byName.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(
            en ->
                System.out.printf(
                    Locale.ROOT, "  %8.1f ms  %s%n", en.getValue() / 1e6, en.getKey()));
    System.out.println("\nslowest steps (total, incl. children) — " + top + ":");
    events.stream()
        .sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %8.1f ms  self %7.1f  %s %s%n",
                    e.getDuration().toNanos() / 1e6,
                    (e.getDuration().toNanos()
                            - childNanos.getOrDefault(e.getStartupStep().getId(), 0L))
                        / 1e6,
                    e.getStartupStep().getName(),
                    tags(e.getStartupStep())));
    System.out.println("\nslowest beans by self time — " + top + ":");
    events.stream()
        .filter(e -> e.getStartupStep().getName().equals("spring.beans.instantiate"))
        .sorted(
            Comparator.comparingLong(
                    (StartupTimeline.TimelineEvent e) ->
                        e.getDuration().toNanos()
                            - childNanos.getOrDefault(e.getStartupStep().getId(), 0L))
                .reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %8.1f ms  %s%n",
                    (e.getDuration().toNanos()
                            - childNanos.getOrDefault(e.getStartupStep().getId(), 0L))
                        / 1e6,
                    tags(e.getStartupStep())));
    System.out.printf(
        "%nclasses loaded: %d%n",
        java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    context.close();
    System.exit(0);
  }

  private static String tags(StartupStep step) {
    StringBuilder out = new StringBuilder();
    for (StartupStep.Tag tag : step.getTags()) {
      out.append(tag.getKey()).append('=').append(tag.getValue()).append(' ');
    }
    return out.toString().strip();
  }

  private StartupProfile() {}
}
