package io.aegis.trackstatus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Bootstrap of the track-status function. */
@SpringBootApplication
@EnableConfigurationProperties(TrackStatusProperties.class)
public class TrackStatusApplication {
  public static void main(String[] args) {
    SpringApplication.run(TrackStatusApplication.class, args);
  }
}
