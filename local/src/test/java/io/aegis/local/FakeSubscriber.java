package io.aegis.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An HTTP endpoint standing in for a Knative Service: records requests, answers as told. */
final class FakeSubscriber implements AutoCloseable {
  /** A received request: header names lower-cased. */
  record Request(String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** An answer: status, headers, body. */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), "");
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Integer, Answer>> answers = new ConcurrentHashMap<>();

  FakeSubscriber() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Request request =
                new Request(
                    path,
                    headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            int n = (int) requests.stream().filter(r -> r.path().equals(path)).count();
            Answer answer = answers.getOrDefault(path, i -> Answer.status(202)).apply(n);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.start();
  }

  /** How {@code path} answers its n-th request (1-based). */
  FakeSubscriber answer(String path, Function<Integer, Answer> answer) {
    answers.put(path, answer);
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
