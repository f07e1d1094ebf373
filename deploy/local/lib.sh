# Shared by the scripts in deploy/local: sourced, not run.
# shellcheck shell=bash

SANDESH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SANDESH_ROOT

say()  { printf '\033[1;34m[sandesh]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[sandesh]\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31m[sandesh]\033[0m %s\n' "$*" >&2; exit 1; }

# The major version of the JDK at $1 (a JAVA_HOME), or nothing.
java_major() {
    local home=$1 version=""
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    elif [ -x "$home/bin/java" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
    fi
    [ -x "$home/bin/javac" ] || return 0
    version=${version#1.}
    printf '%s' "${version%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK >= 21: the caller's JAVA_HOME if it is one, else the newest under
# /usr/lib/jvm (or /Library/Java/JavaVirtualMachines), else the one `javac` on PATH belongs to.
pick_java() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            export JAVA_HOME; return 0
        fi
        warn "JAVA_HOME=$JAVA_HOME is not a JDK 21 or newer; looking for one."
    fi
    for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$candidate" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate; best_major=$major
        fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then best=$candidate; fi
    fi
    [ -n "$best" ] || die "Sandesh needs a JDK 21 or newer and found none (JAVA_HOME, /usr/lib/jvm, PATH). Install one (e.g. Temurin 21) and set JAVA_HOME."
    export JAVA_HOME=$best
}

# Runs the Maven wrapper with the picked JDK; quiet about JDK 24+'s Unsafe warnings from Maven itself.
mvnw() {
    pick_java
    local opts=${MAVEN_OPTS:-}
    if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
        opts="$opts --sun-misc-unsafe-memory-access=allow"
    fi
    MAVEN_OPTS="$opts" "$SANDESH_ROOT/mvnw" -f "$SANDESH_ROOT/pom.xml" "$@"
}

# True when something accepts TCP connections on $1:$2.
port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for_port() {
    local host=$1 port=$2 what=$3 seconds=${4:-60} i
    for ((i = 0; i < seconds * 2; i++)); do
        port_open "$host" "$port" && return 0
        sleep 0.5
    done
    die "$what did not answer on $host:$port within ${seconds}s."
}

# The apps whose JDK AOT cache (target/quarkus-app/app.aot) is missing or older than their jars,
# one a line; nothing when the picked JDK is older than 25 or the apps are fast-jars (the cache
# needs Quarkus' aot-jar packaging: the root pom's profile `aot`, active on JDK 25+).
aot_stale_apps() {
    local app dir
    [ "$(java_major "$JAVA_HOME")" -ge 25 ] || return 0
    for app in cloud-api-simulator webhook-service sender-service broadcast-service; do
        dir="$SANDESH_ROOT/$app/target/quarkus-app"
        [ -f "$dir/quarkus-run.jar" ] || continue
        unzip -p "$dir/quarkus-run.jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r\n ' | grep -q 'lib/main/' || continue
        if [ ! -f "$dir/app.aot" ] || [ -n "$(find "$dir/quarkus-run.jar" "$dir/app" "$dir/lib" "$dir/quarkus" -newer "$dir/app.aot" -print -quit)" ]; then
            echo "$app"
        fi
    done
}

# Trains the AOT caches (system-tests AotTraining) when one is stale, or always with "true";
# needs the apps and system-tests packaged. Does nothing on JDK < 25 or fast-jar builds.
aot_train() {
    local force=${1:-false} stale classpath
    if [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
        say "AOT cache: JDK $(java_major "$JAVA_HOME") has none (JDK 25+); the apps start without"
        return 0
    fi
    stale=$(aot_stale_apps | tr '\n' ' ')
    if [ -z "$stale" ] && ! $force; then
        if ! unzip -p "$SANDESH_ROOT/sender-service/target/quarkus-app/quarkus-run.jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r\n ' | grep -q 'lib/main/'; then
            say "AOT cache: the apps are fast-jars (built without the root pom's profile aot); nothing to train"
        fi
        return 0
    fi
    say "AOT cache: training ${stale:-every app} (a campaign through the stack; about a minute and a half)"
    classpath="$SANDESH_ROOT/system-tests/target/classes:$(cat "$SANDESH_ROOT/system-tests/target/classpath.txt")"
    "$JAVA_HOME/bin/java" -Dsandesh.repo.root="$SANDESH_ROOT" ${SANDESH_AOT_TRAINING_OPTS:-} -cp "$classpath" dev.sandesh.system.AotTraining
}
