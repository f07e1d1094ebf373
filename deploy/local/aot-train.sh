#!/usr/bin/env bash
# Trains the JDK's AOT cache (JEP 483/514/515) of the four apps: starts the stack with
# -XX:AOTCacheOutput, sends a campaign through it, stops it; each app's JVM writes
# <module>/target/quarkus-app/app.aot as it exits (system-tests AotTraining). LocalStack, demo.sh
# and bench.sh then start the apps with -XX:AOTCache=app.aot.
#   deploy/local/aot-train.sh           train when a cache is missing or older than its app's jars
#   deploy/local/aot-train.sh --force   train anyway
# Needs JDK 25+ and the apps packaged as aot-jar (the root pom's profile `aot`, opt-in:
# mvnw package -DskipTests -Dsandesh.aot, as deploy/local/bench.sh does). With an older JDK or a fast-jar build it says so and does nothing.
# A cache fits only the JDK that wrote it and the jars it was trained with; the JVM checks both and
# runs without it (with a warning) when they differ. About a minute and a half on two cores.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
pick_java
force=false
[ "${1:-}" = --force ] && force=true
aot_train "$force"
