#!/usr/bin/env bash
# Runs the benchmarks (not part of CI): each prints one line of figures and writes
# system-tests/results/<benchmark>.json, so a new run can be compared with the committed one.
#   deploy/local/bench.sh                 # every benchmark
#   deploy/local/bench.sh webhook-ingest  # one of them (file name without .json)
#   deploy/local/bench.sh send-rate -Dsandesh.bench.only=none   # -D… arguments go to the benchmark's JVM
# Benchmarks are classes dev.sandesh.system.bench.<Name>Benchmark in system-tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$SANDESH_ROOT/deploy/local/ensure-infra.sh"
pick_java
say "building the apps and the benchmarks"
mvnw -B -q package -DskipTests -DskipITs -Dsandesh.aot  # aot-jar: the JDK 25+ AOT caches (pom profile aot)
# JDK 25+: the apps' AOT caches, trained when missing or older than their jars (lib.sh aot_train)
aot_train

classpath="$SANDESH_ROOT/system-tests/target/classes:$(cat "$SANDESH_ROOT/system-tests/target/classpath.txt")"
mapfile -t all < <(cd "$SANDESH_ROOT/system-tests/target/classes" && find dev/sandesh/system/bench -name '*Benchmark.class' ! -name '*$*' | sort)
[ ${#all[@]} -gt 0 ] || die "no benchmarks found under system-tests/src/main/java/dev/sandesh/system/bench"

# kebab-case name of a class file: dev/sandesh/system/bench/WebhookIngestBenchmark.class → webhook-ingest
name_of() { basename "$1" Benchmark.class | sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' | tr '[:upper:]' '[:lower:]'; }

wanted=()
props=()
for arg in "$@"; do
    if [[ $arg == -D* ]]; then props+=("$arg"); else wanted+=("$arg"); fi
done
ran=0
for class_file in "${all[@]}"; do
    name=$(name_of "$class_file")
    if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
    class=${class_file%.class}; class=${class//\//.}
    say "benchmark $name"
    "$JAVA_HOME/bin/java" -Dsandesh.repo.root="$SANDESH_ROOT" ${props[@]+"${props[@]}"} -cp "$classpath" "$class"
    ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || die "no benchmark named ${wanted[*]}; there are: $(for f in "${all[@]}"; do printf '%s ' "$(name_of "$f")"; done)"
