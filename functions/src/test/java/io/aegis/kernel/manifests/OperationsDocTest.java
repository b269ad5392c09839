package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operations.md names files and accounts that exist, so it cannot silently rot. */
class OperationsDocTest {
  private static final String DOC =
      ManifestRepo.read(ManifestRepo.root().resolve("docs/operations.md"));

  @Test
  void everyManifestPathTheDocNamesExists() {
    Matcher m =
        Pattern.compile(
                "`((?:knative/)?(?:[0-9]{3}-[a-z-]+|overlays/kafka)/[A-Za-z0-9.-]+\\.yaml)`")
            .matcher(DOC);
    int found = 0;
    while (m.find()) {
      String path = m.group(1).replaceFirst("^knative/", "");
      assertThat(Files.exists(ManifestRepo.knative().resolve(path)))
          .as("docs/operations.md names knative/%s", path)
          .isTrue();
      found++;
    }
    assertThat(found).isGreaterThan(3);
  }

  @Test
  void everyAccountAndFunctionIsDocumented() {
    for (String account : RbacManifestsTest.expectedGrants().keySet()) {
      assertThat(DOC).as("permissions of %s documented", account).contains("`" + account + "`");
    }
    assertThat(DOC).contains("`aegis-workflow`", "workflowtaskresults");
    for (String fn : ManifestRepo.FUNCTIONS) {
      assertThat(DOC).as("scaling of %s documented", fn).contains("| " + fn + " |");
    }
  }
}
