package io.aegis.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Cold-start baseline (c): the JDK's own {@code HttpServer}, nothing else, answering the same
 * requests a function gets — the CloudEvent at {@code POST /} (read, then 202 as an Aegis function
 * does when it has no reply) and the health probes. Port from {@code SERVER_PORT}, like Spring
 * Boot. Uses only the JDK, so it starts from {@code bench/target/classes} alone.
 */
public final class BareHttpServer {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("SERVER_PORT", "8080"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
    server.createContext("/", BareHttpServer::handle);
    server.start();
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("POST") && path.equals("/")) {
        exchange.sendResponseHeaders(202, -1);
      } else if (path.startsWith("/actuator/health")) {
        byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private BareHttpServer() {}
}
