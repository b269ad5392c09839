# syntax=docker/dockerfile:1
# Image of ONE Aegis function, built from the whole multi-module source tree:
#   docker build --build-arg FUNCTION=parse-alert -t ghcr.io/aegis/parse-alert:latest .
# FUNCTION: parse-alert | match-rule | render-submit | track-status | diagnose | healthcheck-cron.
# The code is compiled for Java 17 (maven.compiler.release) and runs on Java 25 with an AOT cache
# trained at build time, which roughly halves the JVM start - the cold start of a scale-to-zero function.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

# 1. Build the function's executable jar (and the kernel it depends on) with Maven on JDK 25.
FROM ${BUILD_IMAGE} AS build
ARG FUNCTION
RUN case "${FUNCTION}" in \
      parse-alert|match-rule|render-submit|track-status|diagnose|healthcheck-cron) ;; \
      *) echo "usage: docker build --build-arg FUNCTION=<function> . (got FUNCTION='${FUNCTION}')" >&2; exit 1 ;; \
    esac
WORKDIR /src
COPY . .
# Tests and the formatting check run in CI, not in every image build; the cache mount keeps the
# Maven repository between builds of the six images.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${FUNCTION}" -am package -DskipTests -Dspotless.check.skip=true \
 && cp "${FUNCTION}/target/${FUNCTION}-"*-exec.jar /application.jar

# 2. Split the jar into Spring Boot's layers (dependencies change less often than the application).
FROM ${RUNTIME_IMAGE} AS extract
WORKDIR /extract
COPY --from=build /application.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# 3. Runtime: the extracted application plus its AOT cache.
FROM ${RUNTIME_IMAGE}
ARG FUNCTION
LABEL org.opencontainers.image.title="aegis-${FUNCTION}" \
      org.opencontainers.image.description="Aegis ${FUNCTION} function (Knative Service)" \
      org.opencontainers.image.licenses="Apache-2.0"
# Sized for the 256Mi limit of knative/300-services; the Services set the same value, because the
# cache is only used when the JVM runs with the options it was trained with (same GC, same flags).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=40 -XX:MaxDirectMemorySize=32m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError"
WORKDIR /app
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./
# Training run: start the application context and exit on refresh, recording the loaded and linked
# classes into app.aot. It needs no cluster: the Kubernetes client connects lazily and nothing is
# started before refresh completes. Run as root so the cache, like the jars, stays read-only for the
# runtime user. Launch flags (here and in the ENTRYPOINT; the memory flags are in JAVA_TOOL_OPTIONS,
# which the Services repeat), each measured in docs/performance.md:
# -Dspring.aot.enabled=true runs the bean definitions the build pre-computed (spring-boot:process-aot,
# the parent POM's spring-aot profile) instead of parsing configuration classes at every start
# (about a fifth off a cold start); -XX:CompileThresholdScaling=2 halves the methods C1 compiles
# while starting (a few % less CPU, about 6 MiB less RSS). The training run also serves the function's
# own typical first event over HTTP, against an in-memory stub API instead of a cluster
# (io.aegis.kernel.aot.AotTrainingWarmup and the module's AotTrainingScenario), so the cache holds
# what the first request after a scale from zero needs.
RUN java -XX:AOTCacheOutput=app.aot -XX:CompileThresholdScaling=2 -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh -jar application.jar
# Non-root (numeric, so Kubernetes can verify runAsNonRoot); group 0 for OpenShift's arbitrary UIDs.
USER 10001:0
EXPOSE 8080
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-XX:CompileThresholdScaling=2", "-Dspring.aot.enabled=true", "-jar", "application.jar"]
