#!/usr/bin/env bash
# Aegis benchmarks (docs/performance.md). From the repository root, after ./mvnw -q package -DskipTests:
#
#   bench/run.sh [coldstart|throughput|e2e|rules|all] [--key=value ...]
#   bench/run.sh profile --functions=match-rule --jvm="-Xlog:..." --jcmd="VM.native_memory summary"
#
# Builds the harness (Maven profile `bench`, module bench/), runs the chosen benchmark(s), prints a
# Markdown table per benchmark and writes it with the raw samples to bench/results/<timestamp>/.
# Options (all optional): --runs=5 --functions=parse-alert,match-rule --variants=... (see
# docs/performance.md). Environment: BENCH_JAVA17 (default: java on PATH), BENCH_JAVA25 (default: the
# first Java 25 under /usr/lib/jvm or $JAVA25_HOME), MVN_ARGS (extra Maven arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what=${1:-all}
[ $# -gt 0 ] && shift
case "$what" in
  coldstart|throughput|e2e|rules|all|profile) ;;
  *) echo "usage: bench/run.sh [coldstart|throughput|e2e|rules|all] [--key=value ...]" >&2; exit 2 ;;
esac

java17=${BENCH_JAVA17:-$(command -v java)}
java25=${BENCH_JAVA25:-}
if [ -z "$java25" ]; then
  for candidate in "${JAVA25_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$candidate" ]; then java25=$candidate; break; fi
  done
fi
if [ -z "$java25" ] || ! "$java25" -version 2>&1 | grep -q 'version "25'; then
  echo "bench: no Java 25 found; set BENCH_JAVA25=/path/to/jdk-25/bin/java" >&2
  exit 1
fi

# The harness (and the embedded API it hosts). Offline first: the normal build has cached everything.
build=(-q -B -Pbench -pl bench -am package -DskipTests ${MVN_ARGS:-})
if ! ./mvnw -o "${build[@]}" >/dev/null 2>&1; then
  ./mvnw "${build[@]}"
fi

exec "$java17" -Dbench.root="$root" -Dbench.java17="$java17" -Dbench.java25="$java25" \
  -jar bench/target/aegis-bench.jar "$what" "$@"
