package io.aegis.local.testapp;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A stand-in function for FunctionHostIT: shows the configuration it was given. */
@SpringBootApplication
public class EchoApplication {
  @RestController
  static class Echo {
    private final Environment env;
    private final KubernetesClient client;

    Echo(Environment env, KubernetesClient client) {
      this.env = env;
      this.client = client;
    }

    @GetMapping("/echo")
    Map<String, String> echo() {
      Map<String, String> m = new LinkedHashMap<>();
      for (String key :
          new String[] {
            "spring.application.name",
            "echo.module",
            "echo.overridden",
            "aegis.alert-namespace",
            "aegis.sink.url",
            "management.endpoints.web.exposure.include",
            "spring.cloud.function.web.path"
          }) {
        m.put(key, env.getProperty(key));
      }
      m.put("master", client.getConfiguration().getMasterUrl());
      return m;
    }
  }
}
