package io.aegis.diagnose;

import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.testing.AegisCrds;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode with the AegisDiagnosis CRD (status subresource honoured)
 * plus what CRUD mode lacks: {@code pods/log}. In CRUD mode a log request answers a pod list (it is
 * routed as a pod read), so log requests are answered here from the texts given to {@link #log},
 * and every request is recorded for assertions.
 */
final class MockCluster implements AutoCloseable {
  private static final Pattern LOG =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log\\?(.*)");

  private static final Pattern EVENT_FIELD_SELECTOR =
      Pattern.compile(
          "(/api/v1(?:/namespaces/[^/]+)?/events)\\?fieldSelector=involvedObject[^&]*(&(.*))?");

  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster() {
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getPath());
            for (Map.Entry<String, Integer> failure : failures.entrySet()) {
              if (request.getPath().contains(failure.getKey())) {
                return new MockResponse().setResponseCode(failure.getValue()).setBody("{}");
              }
            }
            Matcher m = LOG.matcher(request.getPath());
            if (m.matches()) {
              return log(m);
            }
            return crud.dispatch(withoutEventFieldSelector(request));
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(AegisCrds.definition(AegisDiagnosis.class))
        .create();
  }

  static MockCluster start() {
    return new MockCluster();
  }

  KubernetesClient client() {
    return client;
  }

  /**
   * A client of its own (the application closes the one it is given), retrying a failed request
   * once instead of fabric8's default ten times with backoff.
   */
  KubernetesClient newClient() {
    try (KubernetesClient template = server.createClient()) {
      return new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder(template.getConfiguration())
                  .withRequestRetryBackoffLimit(1)
                  .withRequestRetryBackoffInterval(10)
                  .build())
          .build();
    }
  }

  /**
   * Answers {@code pods/log} of that container (current and previous instance) with {@code text}.
   */
  void log(String namespace, String pod, String container, String text) {
    logs.put(namespace + "/" + pod + "/" + container, text);
  }

  /** Answers every request whose path contains {@code pathPart} with {@code code}. */
  void fail(String pathPart, int code) {
    failures.put(pathPart, code);
  }

  void heal() {
    failures.clear();
  }

  /** Every request so far, as {@code METHOD path?query}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * CRUD mode knows no {@code involvedObject.*} field of events and answers such a field selector
   * with nothing; a real API server supports it. The selector is dropped here (the code under test
   * filters the list itself as well), so events are found as they would be on a cluster.
   */
  private static RecordedRequest withoutEventFieldSelector(RecordedRequest request) {
    Matcher m = EVENT_FIELD_SELECTOR.matcher(request.getPath());
    if (!m.matches()) {
      return request;
    }
    String path = m.group(1) + (m.group(3) == null ? "" : "?" + m.group(3));
    return new RecordedRequest(
        request.getHttpVersion(), request.method(), path, request.getHeaders(), request.getBody());
  }

  private MockResponse log(Matcher m) {
    Map<String, String> query = new HashMap<>();
    for (String pair : m.group(3).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String text = logs.get(m.group(1) + "/" + m.group(2) + "/" + query.get("container"));
    if (text == null) {
      return new MockResponse()
          .setResponseCode(400)
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"container"
                  + " not found\",\"reason\":\"BadRequest\",\"code\":400}");
    }
    return new MockResponse().setResponseCode(200).setBody(text);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
