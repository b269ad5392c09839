package io.aegis.kernel.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The scaffolding of the fake HTTP servers tests point code at ({@link RecordingSink}, {@link
 * FakeOpenAiServer}): a JDK {@code HttpServer} on a random loopback port, one handler for every
 * path, run on daemon threads. Handlers that hold a request (a hang, a delay) wait with {@link
 * #awaitClose}, which {@link #close()} releases.
 *
 * <pre>{@code
 * http = new LoopbackHttpServer("my-fake").start(this::handle);
 * }</pre>
 */
public final class LoopbackHttpServer implements AutoCloseable {
  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Binds a random loopback port; {@code name} names the handler threads. */
  public LoopbackHttpServer(String name) {
    this.name = name;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " server", e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Serves every path with {@code handler}. */
  public LoopbackHttpServer start(HttpHandler handler) {
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    return this;
  }

  /** The server's URL without a path, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  /** Waits until {@link #close()} (or interruption); for handlers that never answer. */
  public void awaitClose() {
    awaitClose(Duration.ofMillis(Long.MAX_VALUE));
  }

  /** Waits until {@link #close()}, interruption or {@code max}, whichever comes first. */
  public void awaitClose(Duration max) {
    try {
      closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return name + " at " + url();
  }
}
