package io.aegis.bench;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a launched process answers 200 on every given URL, or fails with its log tail. */
final class Readiness {
  static void await(
      HttpClient http, Launched process, String what, Duration timeout, Duration poll, URI... urls)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited:\n" + process.tail(40));
      }
      if (allAnswer(http, urls)) {
        return;
      }
      Thread.sleep(poll.toMillis());
    }
    throw new IllegalStateException(what + " did not become ready:\n" + process.tail(40));
  }

  private static boolean allAnswer(HttpClient http, URI... urls) throws Exception {
    for (URI url : urls) {
      try {
        HttpRequest get = HttpRequest.newBuilder(url).GET().build();
        if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          return false;
        }
      } catch (ConnectException e) {
        return false; // not listening yet
      }
    }
    return true;
  }

  private Readiness() {}
}
