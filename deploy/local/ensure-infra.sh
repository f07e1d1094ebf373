#!/usr/bin/env bash
# Makes sure PostgreSQL and RabbitMQ answer on localhost and hold what Sandesh needs:
# databases `sandesh` and `sandesh_test`, and the RabbitMQ virtual hosts the runs and tests use.
# Uses what already answers; otherwise starts them (docker compose where Docker runs, else the
# distribution's packages, installing them with apt-get if they are missing). Safe to run again.
#   --fresh-tests   also drop and recreate the test database and the test vhosts, so a test run
#                   never meets schema history or queues left by an earlier run (test.sh uses it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_HOST=${SANDESH_PG_HOST:-127.0.0.1}
PG_PORT=${SANDESH_PG_PORT:-5432}
PG_USER=${SANDESH_PG_USER:-postgres}
export PGPASSWORD=${SANDESH_PG_PASSWORD:-postgres}
RABBIT_HOST=${SANDESH_RABBITMQ_HOST:-127.0.0.1}
RABBIT_PORT=${SANDESH_RABBITMQ_PORT:-5672}
DATABASES=(sandesh sandesh_test)
VHOSTS=(sandesh sandesh-test-broadcast sandesh-test-sender sandesh-test-webhook sandesh-test-support sandesh-systest)
TEST_DATABASE=sandesh_test
TEST_VHOSTS=(sandesh-test-broadcast sandesh-test-sender sandesh-test-webhook sandesh-test-support sandesh-systest)
COMPOSE_FILE="$SANDESH_ROOT/deploy/docker-compose.yml"
FRESH_TESTS=false
for arg in "$@"; do
    case $arg in
        --fresh-tests) FRESH_TESTS=true ;;
        *) die "unknown option $arg (known: --fresh-tests)" ;;
    esac
done

docker_usable() {
    command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "cannot install $*: no apt-get here. Start PostgreSQL and RabbitMQ yourself (or install Docker) and run again."
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing $* with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

start_postgres() {
    if docker_usable; then
        say "starting PostgreSQL with docker compose"
        docker compose -f "$COMPOSE_FILE" up -d postgres
        return
    fi
    command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
    # A fresh Debian cluster only lets `postgres` in over the socket: give it the password the apps use.
    wait_for_port "$PG_HOST" "$PG_PORT" PostgreSQL 60
    if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD '$PGPASSWORD'" >/dev/null || true
    fi
}

start_rabbitmq() {
    if docker_usable; then
        say "starting RabbitMQ with docker compose"
        docker compose -f "$COMPOSE_FILE" up -d rabbitmq
        return
    fi
    command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
    say "starting RabbitMQ"
    rabbitmq-server -detached
}

psql_admin() {
    if command -v psql >/dev/null 2>&1; then
        psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
    elif docker_usable; then
        docker compose -f "$COMPOSE_FILE" exec -T postgres psql -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
    else
        die "no psql client: install postgresql-client."
    fi
}

rabbitmqctl_any() {
    if command -v rabbitmqctl >/dev/null 2>&1 && rabbitmqctl -q status >/dev/null 2>&1; then
        rabbitmqctl -q "$@"
    elif docker_usable && docker compose -f "$COMPOSE_FILE" ps --status running rabbitmq 2>/dev/null | grep -q rabbitmq; then
        docker compose -f "$COMPOSE_FILE" exec -T rabbitmq rabbitmqctl -q "$@"
    else
        return 1
    fi
}

ensure_vhost() {
    local vhost=$1 user=${SANDESH_RABBITMQ_USERNAME:-guest}
    if rabbitmqctl_any list_vhosts 2>/dev/null | grep -qx "$vhost"; then
        return 0
    fi
    if rabbitmqctl_any add_vhost "$vhost" >/dev/null 2>&1; then
        rabbitmqctl_any set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
        return 0
    fi
    # No rabbitmqctl we may use: try the management API.
    local api="http://$RABBIT_HOST:${SANDESH_RABBITMQ_MANAGEMENT_PORT:-15672}/api"
    local auth="$user:${SANDESH_RABBITMQ_PASSWORD:-guest}"
    if curl -fsS -u "$auth" -X PUT "$api/vhosts/$vhost" >/dev/null 2>&1 \
        && curl -fsS -u "$auth" -X PUT -H 'content-type: application/json' \
            -d '{"configure":".*","write":".*","read":".*"}' "$api/permissions/$vhost/$user" >/dev/null 2>&1; then
        return 0
    fi
    die "cannot create RabbitMQ virtual host '$vhost': neither rabbitmqctl nor the management API (port 15672) is usable. Create it yourself: rabbitmqctl add_vhost $vhost && rabbitmqctl set_permissions -p $vhost $user '.*' '.*' '.*'"
}

if port_open "$PG_HOST" "$PG_PORT"; then
    say "PostgreSQL answers on $PG_HOST:$PG_PORT"
else
    start_postgres
    wait_for_port "$PG_HOST" "$PG_PORT" PostgreSQL 60
fi
# The port opens a moment before the server accepts logins.
for _ in $(seq 1 60); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
if $FRESH_TESTS; then
    say "recreating database $TEST_DATABASE"
    psql_admin -c "drop database if exists $TEST_DATABASE with (force)"
fi
for db in "${DATABASES[@]}"; do
    if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != "1" ]; then
        say "creating database $db"
        psql_admin -c "create database $db"
    fi
done

if port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
    say "RabbitMQ answers on $RABBIT_HOST:$RABBIT_PORT"
else
    start_rabbitmq
    wait_for_port "$RABBIT_HOST" "$RABBIT_PORT" RabbitMQ 90
fi
if $FRESH_TESTS; then
    say "recreating vhosts ${TEST_VHOSTS[*]}"
    for vhost in "${TEST_VHOSTS[@]}"; do
        rabbitmqctl_any delete_vhost "$vhost" >/dev/null 2>&1 \
            || curl -fsS -u "${SANDESH_RABBITMQ_USERNAME:-guest}:${SANDESH_RABBITMQ_PASSWORD:-guest}" -X DELETE \
                "http://$RABBIT_HOST:${SANDESH_RABBITMQ_MANAGEMENT_PORT:-15672}/api/vhosts/$vhost" >/dev/null 2>&1 || true
    done
fi
# The work queues' policy (k8s/base/rabbitmq-topology.yaml, docker-compose.yml): at-least-once dead
# letters, and a delivery limit so that a message that crashes its consumer is dead-lettered after 20
# deliveries instead of looping for ever. A policy, not queue arguments: it applies to queues that exist.
SANDESH_POLICY_PATTERN='^(sender\.batches|sender\.control|sender\.optouts|webhook\.outcomes|webhook\.campaign-events|broadcast\.optouts|broadcast\.templates)$'
SANDESH_POLICY='{"dead-letter-strategy":"at-least-once","overflow":"reject-publish","delivery-limit":20}'
ensure_policy() {
    rabbitmqctl_any set_policy -p "$1" --apply-to queues --priority 0 sandesh-dead-letters \
        "$SANDESH_POLICY_PATTERN" "$SANDESH_POLICY" >/dev/null 2>&1 \
        || warn "could not set the policy sandesh-dead-letters on vhost $1 (rabbitmqctl unusable): set it yourself, k8s/README.md"
}
for vhost in "${VHOSTS[@]}"; do
    ensure_vhost "$vhost"
    ensure_policy "$vhost"
done
say "infrastructure ready: databases ${DATABASES[*]}; vhosts ${VHOSTS[*]}"
