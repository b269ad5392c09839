package io.aegis.trackstatus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the track-status function. */
@SpringBootApplication
public class TrackStatusApplication {
  public static void main(String[] args) {
    SpringApplication.run(TrackStatusApplication.class, args);
  }
}
