#!/usr/bin/env bash
# The main job: a demo campaign through the whole of Sandesh on this machine.
# Makes sure PostgreSQL and RabbitMQ answer (starting or installing them if needed), builds what
# is missing or out of date, starts the Cloud API simulator and the three services as JVM
# fast-jars, broadcasts a demo campaign (1,000 recipients by default) with live progress, prints a
# summary and a cost report, and stops what it started.
#   deploy/local/demo.sh [--scenario seed] [--recipients N] [--rate MSG_PER_S] [--batch-size N] [--keep-running]
#   --scenario seed: 2,000 recipients, half undeliverable; what Sandesh paid Meta vs what each provider would have charged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0;; esac

"$SANDESH_ROOT/deploy/local/ensure-infra.sh"
pick_java

# Build the modules whose fast-jar is missing or older than their sources (or the contracts' or service-support's).
stale=()
newest_contract=$(find "$SANDESH_ROOT/contracts/src" "$SANDESH_ROOT/service-support/src" "$SANDESH_ROOT/pom.xml" -type f -newer "$SANDESH_ROOT/system-tests/target/classpath.txt" 2>/dev/null | head -1 || true)
for module in cloud-api-simulator webhook-service sender-service broadcast-service system-tests; do
    if [ "$module" = system-tests ]; then artifact="$SANDESH_ROOT/$module/target/classpath.txt"
    else artifact="$SANDESH_ROOT/$module/target/quarkus-app/quarkus-run.jar"; fi
    if [ ! -f "$artifact" ] || [ -n "$newest_contract" ] \
        || [ -n "$(find "$SANDESH_ROOT/$module/src/main" "$SANDESH_ROOT/$module/pom.xml" -type f -newer "$artifact" 2>/dev/null | head -1)" ]; then
        stale+=("$module")
    fi
done
if [ ${#stale[@]} -gt 0 ]; then
    say "building ${stale[*]} (a minute or two the first time)"
    mvnw -B -q package -DskipTests -DskipITs -pl "$(IFS=,; echo "${stale[*]}")" -am
fi

stale_aot=$(aot_stale_apps | tr '\n' ' ')
[ -z "$stale_aot" ] || say "no current JDK AOT cache for ${stale_aot}: they start without (deploy/local/aot-train.sh trains them once per build, about a minute and a half; starts are then 2-3x faster)"

classpath="$SANDESH_ROOT/system-tests/target/classes:$(cat "$SANDESH_ROOT/system-tests/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" -Dsandesh.repo.root="$SANDESH_ROOT" -cp "$classpath" dev.sandesh.system.DemoCampaign "$@"
