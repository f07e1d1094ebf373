#!/usr/bin/env bash
# Makes sure a Prometheus binary is there (Debian's `prometheus` package, installed when missing) and
# that the local RabbitMQ serves its Prometheus plugin on :15692 (rabbitmq_prometheus, enabled when
# off), for the dashboard's live panels and system-tests' OperationsMetricsIT. Safe to run again.
# Prints the binary's path.
set -euo pipefail
log() { echo "ensure-prometheus: $*" >&2; }
sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bin="${PROMETHEUS_BIN:-$(command -v prometheus || true)}"
if [ -z "$bin" ]; then
    log "installing Debian's prometheus package"
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null 2>&1 \
        || { sudo_ apt-get update -qq >/dev/null && sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null; }
    # the package may start its own service on :9090; ours run on a port of their own, with their own config
    bin="$(command -v prometheus)"
fi

if ! curl -s -m 2 -o /dev/null "http://127.0.0.1:15692/metrics"; then
    if command -v rabbitmq-plugins >/dev/null; then
        log "enabling rabbitmq_prometheus"
        sudo_ rabbitmq-plugins enable --quiet rabbitmq_prometheus >/dev/null
        for _ in $(seq 1 30); do curl -s -m 1 -o /dev/null "http://127.0.0.1:15692/metrics" && break; sleep 1; done
    else
        log "RabbitMQ's Prometheus plugin does not answer on :15692 and rabbitmq-plugins is not here (a broker in docker: enable rabbitmq_prometheus there)"
    fi
fi
echo "$bin"
