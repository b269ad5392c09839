package io.aegis.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the Kubernetes objects under {@code src/test/resources/fixtures/}. */
public final class Fixtures {
  private Fixtures() {}

  public static Pod pod(String path) {
    return load(path, Pod.class);
  }

  public static Node node(String path) {
    return load(path, Node.class);
  }

  public static List<Pod> pods(String path) {
    return load(path, PodList.class).getItems();
  }

  public static List<Event> events(String path) {
    return load(path, EventList.class).getItems();
  }

  public static GenericKubernetesResource generic(String path) {
    return load(path, GenericKubernetesResource.class);
  }

  public static String text(String path) {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T load(String path, Class<T> type) {
    try (InputStream in = open(path)) {
      return Serialization.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String path) {
    InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("fixtures/" + path);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + path);
    }
    return in;
  }
}
