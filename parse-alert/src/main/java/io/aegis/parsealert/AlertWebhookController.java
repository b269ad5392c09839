package io.aegis.parsealert;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook endpoints of the original ({@code /default/alert}, {@code /alertmanager/alert},
 * {@code /ai/alert}) plus {@code /alert}. Bodies keep the original's shape {@code {"code",
 * "message"}} (200 handled, 2001 request error, 2002 server error) but the HTTP status is real, so
 * Alertmanager retries what can succeed later (5xx) and drops what cannot (4xx).
 */
@RestController
class AlertWebhookController {
  static final int CODE_OK = 200;
  static final int CODE_REQUEST_ERROR = 2001;
  static final int CODE_SERVER_ERROR = 2002;

  private static final Logger log = LoggerFactory.getLogger(AlertWebhookController.class);

  /** The response body of every webhook call. */
  record Answer(int code, String message) {}

  private final ParseAlertFunction function;
  private final ParseAlertProperties.Webhook settings;

  AlertWebhookController(ParseAlertFunction function, ParseAlertProperties properties) {
    this.function = function;
    this.settings = properties.webhook();
  }

  @PostMapping({"/alert", "/default/alert"})
  ResponseEntity<Answer> custom(HttpServletRequest request) throws IOException {
    return handle(ParseAlertFunction.Format.CUSTOM, request);
  }

  @PostMapping("/alertmanager/alert")
  ResponseEntity<Answer> alertmanager(HttpServletRequest request) throws IOException {
    return handle(ParseAlertFunction.Format.ALERTMANAGER, request);
  }

  @PostMapping("/ai/alert")
  ResponseEntity<Answer> text(HttpServletRequest request) throws IOException {
    return handle(ParseAlertFunction.Format.TEXT, request);
  }

  private ResponseEntity<Answer> handle(
      ParseAlertFunction.Format format, HttpServletRequest request) throws IOException {
    authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    function.deliver(format, readBody(request));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(new Answer(CODE_OK, ""));
  }

  private void authenticate(String authorization) {
    if (!settings.requiresToken()) {
      return;
    }
    String expected = "Bearer " + settings.token();
    boolean ok =
        authorization != null
            && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                authorization.strip().getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      throw new AegisException(
          Reason.UNAUTHORIZED,
          authorization == null ? "missing bearer token" : "wrong bearer token");
    }
  }

  /** Reads at most the configured limit, so an oversized body is refused, never buffered. */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    long limit = settings.maxBodySize().toBytes();
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (body.size() + n > limit) {
          throw tooLarge(limit);
        }
        body.write(buffer, 0, n);
      }
    }
    return body.toByteArray();
  }

  private static AegisException tooLarge(long limit) {
    return new AegisException(
        Reason.PAYLOAD_TOO_LARGE,
        "body larger than " + limit + " bytes (aegis.webhook.max-body-size)");
  }

  @ExceptionHandler(AegisException.class)
  ResponseEntity<Answer> failed(AegisException e) {
    int status = e.reason().httpStatus();
    if (e.reason().isTransient()) {
      log.warn("webhook failed, sender should retry: {}", e.getMessage());
    } else {
      log.info("webhook refused ({}): {}", status, e.getMessage());
    }
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (e.reason() == Reason.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    int code = status >= 500 ? CODE_SERVER_ERROR : CODE_REQUEST_ERROR;
    return response.body(new Answer(code, e.getMessage()));
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Answer> broken(RuntimeException e) {
    log.error("webhook failed unexpectedly", e);
    return ResponseEntity.internalServerError()
        .contentType(MediaType.APPLICATION_JSON)
        .body(new Answer(CODE_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName()));
  }
}
