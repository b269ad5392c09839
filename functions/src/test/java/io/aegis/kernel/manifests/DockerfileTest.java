package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root {@code Dockerfile} cannot be built here (no Docker daemon), so its structure is checked:
 * one build-arg selects the function, Maven builds only that module and what it needs, the final
 * image trains and then uses an AOT cache on Java 25, and runs as a non-root user on port 8080.
 */
class DockerfileTest {
  record Instruction(String keyword, String args) {}

  static List<Instruction> instructions() {
    List<Instruction> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : ManifestRepo.read(ManifestRepo.root().resolve("Dockerfile")).split("\n")) {
      String trimmed = raw.strip();
      if (line.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        line.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      line.append(trimmed);
      String full = line.toString().strip();
      line.setLength(0);
      int space = full.indexOf(' ');
      out.add(
          new Instruction(
              full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()));
    }
    return out;
  }

  /** The instructions after the last FROM: what the shipped image is made of. */
  static List<Instruction> finalStage() {
    List<Instruction> all = instructions();
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  static String runs(List<Instruction> instructions) {
    StringBuilder out = new StringBuilder();
    instructions.stream()
        .filter(i -> i.keyword().equals("RUN"))
        .forEach(i -> out.append(i.args()).append('\n'));
    return out.toString();
  }

  @Test
  void buildsTheFunctionNamedByTheBuildArgWithMaven() {
    List<Instruction> all = instructions();
    assertThat(all).contains(new Instruction("ARG", "FUNCTION"));
    String runs = runs(all);
    assertThat(runs)
        .contains("mvn ")
        .containsPattern("-pl \"?\\$\\{FUNCTION}\"?")
        .contains(" -am ")
        .contains(" package")
        .contains("-DskipTests");
    assertThat(runs).as("the build rejects a missing or unknown FUNCTION").contains("exit 1");
    for (String fn : ManifestRepo.FUNCTIONS) {
      assertThat(runs).as("FUNCTION=%s accepted", fn).contains(fn);
    }
  }

  @Test
  void buildsOnJdk25AndRunsOnAJava25Runtime() {
    for (Instruction i : instructions()) {
      if (i.keyword().equals("ARG") && i.args().contains("IMAGE=")) {
        assertThat(i.args()).as(i.args()).containsPattern("[^0-9]25([^0-9]|$)");
      }
    }
    assertThat(finalStage().get(0).args()).contains("${RUNTIME_IMAGE}");
  }

  @Test
  void extractsTheJarAndTrainsAndUsesAnAotCacheInTheShippedImage() {
    assertThat(runs(instructions())).contains("-Djarmode=tools").contains(" extract ");
    String finalRuns = runs(finalStage());
    Matcher output = Pattern.compile("-XX:AOTCacheOutput=(\\S+)").matcher(finalRuns);
    assertThat(output.find()).as("training run in the final stage").isTrue();
    assertThat(finalRuns).contains("-Dspring.context.exit=onRefresh");
    Instruction entrypoint = last("ENTRYPOINT");
    assertThat(entrypoint.args()).contains("\"-XX:AOTCache=" + output.group(1) + "\"");
    assertThat(entrypoint.args()).as("exec form").startsWith("[");
  }

  @Test
  void runsAsANumericNonRootUserAndExposes8080() {
    List<Instruction> stage = finalStage();
    Instruction user = null;
    int userAt = -1;
    int entryAt = -1;
    for (int i = 0; i < stage.size(); i++) {
      if (stage.get(i).keyword().equals("USER")) {
        user = stage.get(i);
        userAt = i;
      }
      if (stage.get(i).keyword().equals("ENTRYPOINT")) {
        entryAt = i;
      }
    }
    assertThat(user).as("USER in the final stage").isNotNull();
    String uid = user.args().split(":")[0];
    assertThat(uid).as("numeric, so runAsNonRoot can be verified").matches("[0-9]+");
    assertThat(Integer.parseInt(uid)).isNotZero();
    assertThat(userAt).as("USER before ENTRYPOINT").isLessThan(entryAt);
    assertThat(stage).contains(new Instruction("EXPOSE", "8080"));
  }

  @Test
  void servicesAndFuncYamlsUseTheJvmOptionsTheCacheWasTrainedWith() {
    String image = null;
    for (Instruction i : finalStage()) {
      Matcher m = Pattern.compile("^JAVA_TOOL_OPTIONS=\"(.*)\"$").matcher(i.args());
      if (i.keyword().equals("ENV") && m.find()) {
        image = m.group(1);
      }
    }
    assertThat(image).as("ENV JAVA_TOOL_OPTIONS in the final stage").isNotBlank();
    for (String fn : ManifestRepo.FUNCTIONS) {
      JsonNode container =
          ManifestRepo.knativeService(fn)
              .spec()
              .path("template")
              .path("spec")
              .path("containers")
              .get(0);
      String service = null;
      for (JsonNode env : container.path("env")) {
        if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
          service = env.path("value").asText();
        }
      }
      assertThat(service).as("Service %s JAVA_TOOL_OPTIONS", fn).isEqualTo(image);
      String func = null;
      for (JsonNode env :
          ManifestRepo.readOne(ManifestRepo.root().resolve(fn).resolve("func.yaml"))
              .path("run")
              .path("envs")) {
        if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
          func = env.path("value").asText();
        }
      }
      assertThat(func).as("%s/func.yaml JAVA_TOOL_OPTIONS", fn).isEqualTo(image);
    }
  }

  @Test
  void dockerignoreKeepsBuildOutputOutAndEveryModuleIn() {
    List<String> ignored =
        ManifestRepo.read(ManifestRepo.root().resolve(".dockerignore"))
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignored).contains(".git", "**/target");
    String pom = ManifestRepo.read(ManifestRepo.root().resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (module.find()) {
      assertThat(ignored)
          .as("the reactor needs module %s", module.group(1))
          .doesNotContain(module.group(1), "/" + module.group(1));
    }
  }

  private static Instruction last(String keyword) {
    Instruction found = null;
    for (Instruction i : instructions()) {
      if (i.keyword().equals(keyword)) {
        found = i;
      }
    }
    assertThat(found).as(keyword).isNotNull();
    return found;
  }
}
