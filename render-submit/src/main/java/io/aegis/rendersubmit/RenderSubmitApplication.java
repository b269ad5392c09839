package io.aegis.rendersubmit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the render-submit function. */
@SpringBootApplication
public class RenderSubmitApplication {
  public static void main(String[] args) {
    SpringApplication.run(RenderSubmitApplication.class, args);
  }
}
