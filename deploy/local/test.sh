#!/usr/bin/env bash
# Runs every test: makes sure PostgreSQL and RabbitMQ are there, then `./mvnw verify` over all
# modules: unit tests, @QuarkusTests against the real database and broker, the end-to-end system
# test over the real processes, and Quarkus' native build steps for each app (native sources
# only, so no GraalVM is needed), then the Grafana dashboard's type check. Extra arguments go to Maven,
# e.g. `-pl sender-service` (the dashboard check then is left out).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$SANDESH_ROOT/deploy/local/ensure-infra.sh" --fresh-tests
pick_java
say "building and testing with $(basename "$JAVA_HOME") (JDK $(java_major "$JAVA_HOME"))"
mvnw -B verify \
    -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
    "$@"
# The Grafana dashboard against Grafana's schema types (its SQL and PromQL run in the Maven tests above).
if [ $# -eq 0 ]; then
    "$SANDESH_ROOT/deploy/grafana/check-dashboard.sh"
fi
