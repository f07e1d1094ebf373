#!/usr/bin/env bash
# Runs every test: makes sure PostgreSQL and RabbitMQ are there, then `./mvnw verify` over all
# modules: unit tests, @QuarkusTests against the real database and broker, the end-to-end system
# test over the real processes, and Quarkus' native build steps for each app (native sources
# only, so no GraalVM is needed). Extra arguments go to Maven, e.g. `-pl sender-service`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$SANDESH_ROOT/deploy/local/ensure-infra.sh" --fresh-tests
pick_java
say "building and testing with $(basename "$JAVA_HOME") (JDK $(java_major "$JAVA_HOME"))"
mvnw -B verify \
    -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
    "$@"
