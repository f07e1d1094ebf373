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
