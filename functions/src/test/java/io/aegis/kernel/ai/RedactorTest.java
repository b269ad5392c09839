package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.ai.Redactor.Category;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  /** Secrets planted in the corpus files; none may survive redaction. */
  private static final List<String> LOG_SECRETS =
      List.of(
          "eyJhbGciOiJSUzI1NiIsImtpZCI6IkJ4aWQifQ",
          "Zm9vYmFyYmF6cXV4c2lnbmF0dXJl",
          "ya29.A0ARrdaM-k9Vq2TGx7Hd8sP4Lq1nRt5Wz0",
          "dXNlcjpodW50ZXIy",
          "hunter2",
          "s3cr3tPa55",
          "Tr0ub4dor",
          "&3",
          "AKIAIOSFODNN7EXAMPLE",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
          "abcdef.0123456789abcdef",
          "s3cretPw",
          "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla",
          "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
          "xoxb-1234567890-abcdefghijkl");

  private static final List<String> LOG_IDENTIFIERS =
      List.of(
          "alice@example.com",
          "10.96.0.1",
          "192.168.1.20",
          "2001:db8::8a2e:370:7334",
          "10.0.0.10",
          "172.16.5.4",
          "fe80::1ff:fe23:4567:890a",
          "::ffff:10.1.2.3");

  /** Look-alikes that carry diagnostic value and must stay readable. */
  private static final List<String> LOG_SURVIVORS =
      List.of(
          "2025-06-04T04:00:00.123Z",
          "workflow-controller-7d9f8b6c5-x2x4z",
          "version=v3.5.8",
          "build=1.2.3.4a",
          "scitix-system",
          "registry.internal:5000",
          "db.internal:5432/orders",
          "sha256:3f2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b",
          "--user=root",
          "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.",
          "containerd://4f0c2a6e8b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a",
          "ip-10-0-0-5.ec2.internal",
          "at 10:30:00",
          "/var/lib/kubelet/pods/5f3a9c1e-2b7d-4e8f-9a6b-0c1d2e3f4a5b/volumes/kubernetes.io~secret/",
          "max_tokens=1024 token_count=87 secretName=my-tls-cert mac=aa:bb:cc:dd:ee:ff",
          "uid=5f3a9c1e-2b7d-4e8f-9a6b-0c1d2e3f4a5b",
          "org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory",
          "/opt/app/lib/Spring-Framework-Core-Runtime-Library-6.2.1-Final.jar",
          "persistent-volume-claim-for-distributed-training-checkpoints-0",
          "nvcr.io/nvidia/pytorch@sha256:8e1c2a6b4d0f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4b6d8f0a2c4e6b8d0f2a");

  private final Redactor redactor = Redactor.all();

  @Test
  void masksEverySecretInALogCorpus() {
    String redacted = redactor.redact(fixture("app.log"));

    assertThat(LOG_SECRETS).allSatisfy(secret -> assertThat(redacted).doesNotContain(secret));
    assertThat(LOG_IDENTIFIERS).allSatisfy(id -> assertThat(redacted).doesNotContain(id));
  }

  @Test
  void keepsLookAlikesThatAreNotSecretsInALogCorpus() {
    String redacted = redactor.redact(fixture("app.log"));

    assertThat(LOG_SURVIVORS).allSatisfy(text -> assertThat(redacted).contains(text));
  }

  @Test
  void keepsTheLineStructureAndSaysWhatWasMasked() {
    String log = fixture("app.log");
    String redacted = redactor.redact(log);

    assertThat(redacted.lines().count()).isEqualTo(log.lines().count());
    assertThat(redacted)
        .contains("Authorization: " + Redactor.AUTHORIZATION)
        .contains("Bearer " + Redactor.TOKEN)
        .contains("password=" + Redactor.SECRET)
        .contains("postgres://app:" + Redactor.SECRET + "@db.internal:5432")
        .contains("--password " + Redactor.SECRET + " --host")
        .contains("user=[email-1]")
        .contains("dst=[[ip-");
  }

  @Test
  void masksSecretsInAJsonEventAndKeepsItValidJson() throws IOException {
    String event = fixture("pod-event.json");
    String redacted = redactor.redact(event);

    assertThat(redacted)
        .doesNotContain("p@ss w0rd!")
        .doesNotContain("t0k3n-value-123")
        .doesNotContain("abc.def-GHI_jkl123456")
        .doesNotContain("9f8e7d6c5b4a")
        .doesNotContain("hunter2")
        .doesNotContain("cs-0123456789")
        .doesNotContain("MIIEpAIBAAKCAQEA7V1c2VyIHRlc3Qga2V5IGRhdGEgZm9yIHJlZGFjdGlvbg==")
        .doesNotContain("yamlSecret1")
        .doesNotContain("10.20.30.40")
        .doesNotContain("ops@example.org");
    assertThat(redacted)
        .contains("\"name\": \"DB_HOST\", \"value\": \"[ip-1]\"")
        .contains("\"name\": \"DB_PASSWORD\", \"value\": \"" + Redactor.SECRET + "\"")
        .contains("\"Authorization\": \"" + Redactor.AUTHORIZATION + "\"")
        .contains("\\\"password\\\":\\\"" + Redactor.SECRET + "\\\"")
        .contains("\"key\": \"" + Redactor.PRIVATE_KEY + "\\n\"")
        .contains("-----BEGIN CERTIFICATE-----")
        .contains("secret:\\n  secretName: web-tls")
        .contains("\"Accept\": \"application/json\"")
        .contains("Back-off restarting failed container web in pod web-0_shop")
        .contains("0a1b2c3d-4e5f-6789-abcd-ef0123456789");
    // Still parseable: masking never breaks the structure the model (or a test) relies on.
    io.aegis.kernel.json.Json.MAPPER.readTree(redacted);
  }

  @Test
  void masksYamlEnvEntriesAndYamlPasswords() {
    String yaml =
        """
        env:
          - name: REDIS_PASSWORD
            value: "r3d1s-pw"
          - name: LOG_LEVEL
            value: debug
        auth:
          password: plainPw9
          token: 'quoted-token-1'
        """;
    String redacted = redactor.redact(yaml);

    assertThat(redacted)
        .doesNotContain("r3d1s-pw")
        .doesNotContain("plainPw9")
        .doesNotContain("quoted-token-1")
        .contains("value: debug")
        .contains("value: \"" + Redactor.SECRET + "\"")
        .contains("token: '" + Redactor.SECRET + "'");
  }

  @Test
  void keepsQueryParametersAfterAMaskedValue() {
    assertThat(redactor.redact("GET /hook?token=abc123&user=bob&x=1"))
        .isEqualTo("GET /hook?token=" + Redactor.SECRET + "&user=bob&x=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bearer authentication failed for the request",
        "the token expired while waiting",
        "Reason: Unauthorized, message: no credentials provided",
        "kubectl get secret my-secret -n prod",
        "2025-06-04 10:30:00 UTC node Ready",
        "std::vector<int> allocation failed",
        "CUDA error: out of memory at 0x7f3a2c000000",
        "exit code 137, OOMKilled, restarts 12"
      })
  void leavesOrdinaryDiagnosticProseAlone(String prose) {
    assertThat(redactor.redact(prose)).isEqualTo(prose);
  }

  @Test
  void givesTheSameIdentifierTheSamePlaceholderAcrossOneSession() {
    Redactor.Session session = redactor.session();

    String system = session.redact("node 10.0.0.5 is the master");
    String user = session.redact("worker 10.0.0.6 cannot reach 10.0.0.5; mail bob@example.com");

    assertThat(system).isEqualTo("node [ip-1] is the master");
    assertThat(user).isEqualTo("worker [ip-2] cannot reach [ip-1]; mail [email-1]");
  }

  @Test
  void restoresIdentifiersButNeverSecretsInTheAnswer() {
    Redactor.Session session = redactor.session();
    session.redact("node 10.0.0.5 token=abc123 owner bob@example.com");

    String restored =
        session.restore(
            "{\"name\": \"[ip-1]\", \"owner\": \"[EMAIL-1]\", \"token\": \"[REDACTED:secret]\","
                + " \"other\": \"[ip-7]\"}");

    assertThat(restored)
        .isEqualTo(
            "{\"name\": \"10.0.0.5\", \"owner\": \"bob@example.com\","
                + " \"token\": \"[REDACTED:secret]\", \"other\": \"[ip-7]\"}");
  }

  @Test
  void switchesEachClassOffIndependently() {
    String text =
        "Authorization: Basic dXNlcjpwYXNz\n"
            + "Bearer Abc123def456ghi token\n"
            + "password=hunter2\n"
            + "AKIAIOSFODNN7EXAMPLE\n"
            + "alice@example.com 10.0.0.5";

    for (Category off : Category.values()) {
      EnumSet<Category> on = EnumSet.allOf(Category.class);
      on.remove(off);
      String redacted = new Redactor(on).redact(text);
      String kept =
          switch (off) {
            case AUTHORIZATION -> "dXNlcjpwYXNz";
            case TOKENS -> "Abc123def456ghi";
            case PASSWORDS -> "hunter2";
            case KEYS -> "AKIAIOSFODNN7EXAMPLE";
            case EMAILS -> "alice@example.com";
            case IPS -> "10.0.0.5";
          };
      assertThat(redacted).as("with %s off", off).contains(kept);
    }
    assertThat(new Redactor(EnumSet.noneOf(Category.class)).redact(text)).isEqualTo(text);
  }

  @Test
  void followsTheConfiguredSwitches() {
    Redactor redactor =
        Redactor.from(new AiProperties.Redact(true, true, true, true, false, false));

    assertThat(redactor.redact("alice@example.com at 10.0.0.5 password=x1"))
        .isEqualTo("alice@example.com at 10.0.0.5 password=" + Redactor.SECRET);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "fe80::1",
        "2001:db8::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "::ffff:192.0.2.1",
        "fe80::1%eth0"
      })
  void recognisesIpv6Addresses(String address) {
    assertThat(Redactor.isIpv6(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10:30:00", "aa:bb:cc:dd:ee:ff", "1::2::3", "0000:3b:00.0", "12345::1"})
  void rejectsIpv6LookAlikes(String text) {
    assertThat(Redactor.isIpv6(text)).isFalse();
  }

  private static String fixture(String name) {
    try (InputStream in = RedactorTest.class.getResourceAsStream("/ai/redaction/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
