#!/usr/bin/env bash
# Type-checks the Grafana dashboard JSON against Grafana's own schema types (@grafana/schema, with
# TypeScript), so a misspelt field or a wrong value type fails here rather than in Grafana.
# Installs both from npm into deploy/grafana/.check the first time (needs node and npm).
#   deploy/grafana/check-dashboard.sh [dashboard.json ...]   (default: k8s/base/grafana/*.json, the one dashboard compose and the cluster both load)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/.check"
command -v npm >/dev/null || { echo "check-dashboard: npm is missing (install nodejs and npm)" >&2; exit 2; }
mkdir -p "$work"
if [ ! -x "$work/node_modules/.bin/tsc" ] || [ ! -d "$work/node_modules/@grafana/schema" ]; then
    # Written, not `npm init -y`: npm derives the package name from the folder, and ".check" is not a valid name.
    [ -f "$work/package.json" ] || echo '{ "name": "sandesh-dashboard-check", "version": "0.0.0", "private": true }' > "$work/package.json"
    (cd "$work" && npm install --no-audit --no-fund --silent @grafana/schema@11 typescript@5)
fi
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/../../k8s/base/grafana/*.json)
status=0
for file in "${files[@]}"; do
    # The JSON as an object literal typed Dashboard: literal types are kept, so enums and unions are checked too.
    { echo "import type { Dashboard } from '@grafana/schema';"; printf 'export const dashboard: Dashboard = '; cat "$file"; echo ';'; } > "$work/check.ts"
    if (cd "$work" && node_modules/.bin/tsc --noEmit --strict --skipLibCheck --moduleResolution node --target es2020 check.ts); then
        echo "check-dashboard: $(basename "$file") matches @grafana/schema $(node -p "require('$work/node_modules/@grafana/schema/package.json').version")"
    else
        echo "check-dashboard: $(basename "$file") does not match @grafana/schema" >&2
        status=1
    fi
done
exit $status
