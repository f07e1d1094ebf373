#!/usr/bin/env bash
# Builds the JVM images of the four apps with Jib (no Docker engine) and pushes them.
#
#   deploy/images.sh                       prove it here: a local registry on 127.0.0.1, a jlinked
#                                          base image pushed into it, the four images pushed and
#                                          read back over the registry API; the registry is stopped
#                                          and its storage deleted at the end
#   deploy/images.sh --registry ghcr.io/you --tag 1.4.0 [--base eclipse-temurin:21-jre]
#                                          build and push to your registry (credentials: Jib reads
#                                          ~/.docker/config.json and credential helpers); then set
#                                          images: in your overlay (k8s/README.md, "Images")
#   --keep-registry                        local mode: leave the registry running (prints its URL)
#
# Images are <registry>/sandesh/<app>:<tag>, user 185, the app's port exposed, labels
# dev.sandesh.health.readiness / .liveness with the probe paths (application.properties,
# quarkus.jib.*). Installs what it needs (docker-registry via apt-get, local mode only).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/local/lib.sh

# SANDESH_IMAGE_APPS="a b" limits the run to some apps (default: all four).
read -r -a APPS <<< "${SANDESH_IMAGE_APPS:-cloud-api-simulator broadcast-service sender-service webhook-service}"
declare -A PORTS=([broadcast-service]=8080 [sender-service]=8081 [webhook-service]=8082 [cloud-api-simulator]=8099)
REGISTRY="" TAG="" BASE="" KEEP=false
while [ $# -gt 0 ]; do
    case $1 in
        --registry) REGISTRY=$2; shift ;;
        --tag) TAG=$2; shift ;;
        --base) BASE=$2; shift ;;
        --keep-registry) KEEP=true ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
TAG=${TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo dev)}
pick_java >/dev/null

say() { echo "images: $*"; }

WORK=$(mktemp -d /tmp/sandesh-images.XXXXXX)
REGISTRY_PID=""
cleanup() {
    if [ -n "$REGISTRY_PID" ] && ! $KEEP; then
        kill "$REGISTRY_PID" 2>/dev/null || true
        wait "$REGISTRY_PID" 2>/dev/null || true
    fi
    $KEEP || rm -rf "$WORK"
}
trap cleanup EXIT

LOCAL=false
if [ -z "$REGISTRY" ]; then
    LOCAL=true
    if ! command -v docker-registry >/dev/null; then
        say "installing Debian's docker-registry"
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker-registry >/dev/null
    fi
    # The package's systemd unit may run a registry on :5000 already; ours is private to this run.
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    REGISTRY=127.0.0.1:$PORT
    cat > "$WORK/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $WORK/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
log:
  level: warn
YML
    docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
    REGISTRY_PID=$!
    for _ in $(seq 50); do curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "http://$REGISTRY/v2/" >/dev/null || { cat "$WORK/registry.log"; echo "registry did not start" >&2; exit 1; }
    say "registry at http://$REGISTRY (pid $REGISTRY_PID)"

    # The base image: a jlinked runtime of the JDK pick_java chose, plus the C libraries it links
    # (from this machine), /etc/passwd with user 185 and a writable /tmp. No distribution, no
    # shell, nothing from a registry we cannot reach.
    JAVA_VERSION=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version = /{print $2}')
    say "jlinking the base image from $JAVA_HOME ($JAVA_VERSION)"
    # What Quarkus and its libraries use (JDBC, JNDI, JMX, HTTP client, Kerberos/SASL for the
    # drivers, zipfs for the fast-jar, jdk.unsupported for Netty/Vert.x).
    MODULES=java.base,java.compiler,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs,jdk.localedata
    ROOTFS=$WORK/rootfs
    mkdir -p "$ROOTFS/opt"
    "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
        --output "$ROOTFS/opt/java" >/dev/null
    BASE="$REGISTRY/sandesh/jre:$JAVA_VERSION"
    python3 deploy/images-registry.py push-base "$ROOTFS" "$BASE" "$JAVA_VERSION"
    INSECURE=true
else
    BASE=${BASE:-eclipse-temurin:21-jre}
    INSECURE=false
fi

say "building and pushing ${APPS[*]} as $REGISTRY/sandesh/<app>:$TAG on $BASE"
# each app below is built alone (-pl): the two modules it depends on come from ~/.m2
flock /tmp/sandesh-contracts.lock bash -c 'source deploy/local/lib.sh && pick_java >/dev/null && mvnw -q -B -pl contracts,service-support -am install -DskipTests'
for app in "${APPS[@]}"; do
    # maven.test.skip: an image needs no test classes (and is not held up by a test that does not compile)
    # fast-jar: the images carry no AOT cache (the root pom's aot profile packages aot-jar on JDK 25+
    # for the local runs). A cache fits only the runtime that wrote it — the jlinked base here has
    # its own modules image, eclipse-temurin:21-jre has no AOT cache at all — so it would have to
    # be trained inside the image (Quarkus' AOT-enhanced images need Docker or Podman; system-tests/README.md, "Start-up").
    mvnw -q -B -pl "$app" package -Dmaven.test.skip=true -Dquarkus.package.jar.type=fast-jar \
        -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
        -Dquarkus.container-image.registry="$REGISTRY" -Dquarkus.container-image.tag="$TAG" \
        -Dquarkus.container-image.insecure=$INSECURE -Dquarkus.jib.base-jvm-image="$BASE"
    say "pushed $REGISTRY/sandesh/$app:$TAG"
done

if $LOCAL; then
    args=()
    for app in "${APPS[@]}"; do args+=("$app=${PORTS[$app]}"); done
    python3 deploy/images-registry.py verify "$REGISTRY" "$TAG" "$BASE" "${args[@]}"
    if $KEEP; then say "registry left running at http://$REGISTRY (pid $REGISTRY_PID, data in $WORK)"; fi
fi
