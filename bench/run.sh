#!/usr/bin/env bash
# tglogin benchmarks: builds the library and the benchmarks, runs every step, writes docs/benchmarks.md.
#
#   bash bench/run.sh                      full run, every step (~95 min on 2 cores: polling ~60, cost ~20)
#   bash bench/run.sh --quick              quick run (~10 min): fewer forks, runs, logins and seconds
#   bash bench/run.sh --only polling       re-run some steps (comma-separated: jmh,fcp,throughput,polling,heap,confirm,cost)
#                                          and rebuild the report from bench/results/*.json
#   bash bench/run.sh --skip-build ...     use the last build
#   any --key=value is passed to the driver (dev.tglogin.bench.Bench), e.g. --poll-n=10000,2000,200 --pin=false
#   --poll-runs=5 --poll-variants=tglogin,naive,tglogin-longpoll --confirm-variants=tglogin,tglogin-longpoll,tglogin-webhook
#   --upstream-latency-ms=200 --cost-max-warmup-rounds=12; see bench/README.md.
#   BENCH_MVN_ARGS: extra Maven arguments for both builds, e.g. not to install into the shared ~/.m2:
#   BENCH_MVN_ARGS="-o -Dmaven.repo.local=/tmp/m2-me" bash bench/run.sh --quick   (MAVEN_OPTS is honoured too)
set -euo pipefail
cd "$(dirname "$0")/.."

steps="jmh,fcp,throughput,polling,heap,confirm,cost"
quick=""
build=1
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --only) steps="$2"; shift ;;
    --only=*) steps="${1#--only=}" ;;
    --skip-build) build=0 ;;
    --*) pass+=("$1") ;;
    *) echo "unknown argument: $1 (see the top of bench/run.sh)" >&2; exit 2 ;;
  esac
  shift
done
command="bash bench/run.sh${quick:+ $quick}"
[ "$steps" != "jmh,fcp,throughput,polling,heap,confirm,cost" ] && command="$command --only $steps"
[ ${#pass[@]} -gt 0 ] && command="$command ${pass[*]}"

if [ "$build" = 1 ]; then
  echo "== building the library (mvn install -DskipTests) and the benchmarks"
  # shellcheck disable=SC2086 # BENCH_MVN_ARGS: word-split on purpose
  mvn -B -q ${BENCH_MVN_ARGS:-} install -DskipTests
  # shellcheck disable=SC2086
  mvn -B -q ${BENCH_MVN_ARGS:-} -f bench/pom.xml package
fi
# measure this checkout's library, even if another checkout installed a different 0.1.0-SNAPSHOT meanwhile
cp target/tglogin-0.1.0-SNAPSHOT.jar bench/target/lib/tglogin-0.1.0-SNAPSHOT.jar

commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- src pom.xml || commit="$commit (with uncommitted changes)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

driver() {
  # shellcheck disable=SC2086 # BENCH_DRIVER_JVM_OPTS: extra options for diagnostics, e.g. a JFR recording
  java -Xms1g -Xmx2g -XX:+UseG1GC ${BENCH_DRIVER_JVM_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.command="$command" -Dbench.commit="$commit" \
    -cp "bench/target/classes:bench/target/lib/*" dev.tglogin.bench.Bench "$@"
}

start=$(date +%s)
for step in ${steps//,/ }; do
  t=$(date +%s)
  echo "== step $step"
  driver --step="$step" $quick ${pass[@]+"${pass[@]}"}
  echo "== step $step took $(( $(date +%s) - t )) s"
done
driver --step=report
echo "== wrote docs/benchmarks.md in $(( $(date +%s) - start )) s (results in bench/results/, logs in bench/target/logs/)"
