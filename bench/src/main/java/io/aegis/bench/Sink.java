package io.aegis.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A K_SINK stand-in: accepts every CloudEvent with 202 and counts them. */
public final class Sink implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger received = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> types = new ConcurrentLinkedQueue<>();

  private Sink(HttpServer server) {
    this.server = server;
  }

  public static Sink start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
      Sink sink = new Sink(server);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              sink.received.incrementAndGet();
              String type = exchange.getRequestHeaders().getFirst("Ce-Type");
              if (type != null) {
                sink.types.add(type);
              }
              exchange.sendResponseHeaders(202, -1);
            }
          });
      server.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public int received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
