package io.aegis.local;

import java.nio.file.Path;
import java.util.logging.Level;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One logging setup for the whole JVM. Six Spring Boot applications share it, so Boot must not
 * (re)initialise logging per application: the Logback configuration of this module ({@code
 * logback.xml}) sends everything to a file and only warnings to the console, which shows the banner
 * and the alert lifecycle instead.
 */
final class Logging {
  private static final java.util.logging.Logger MOCK_SERVER =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private Logging() {}

  /** For {@code ./aegis run}: before any logger exists. */
  static void configure(Path logFile, boolean verbose) {
    System.setProperty("aegis.log.file", logFile.toString());
    System.setProperty("aegis.log.console", verbose ? "INFO" : "WARN");
    keepSpringOut();
  }

  /** The mock server logs every request at INFO through java.util.logging. */
  static void quietMockServer() {
    MOCK_SERVER.setLevel(Level.WARNING);
  }

  /**
   * Boot leaves logging alone; java.util.logging (Tomcat, the mock server) goes to SLF4J too, the
   * mock server's request log only from WARNING.
   */
  static synchronized void keepSpringOut() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    quietMockServer();
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
