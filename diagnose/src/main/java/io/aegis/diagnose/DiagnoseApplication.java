package io.aegis.diagnose;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the diagnose function. */
@SpringBootApplication
public class DiagnoseApplication {
  public static void main(String[] args) {
    SpringApplication.run(DiagnoseApplication.class, args);
  }
}
