#!/usr/bin/env bash
# make demo: starts the sandbox, imports the newest CSV in samples/, shows the report and the errors CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${DEMO_PORT:-4010}"
log="$(mktemp)"
bin/intercom-sync sandbox --port "$port" >"$log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$log" && break
  if ! kill -0 $sandbox 2>/dev/null; then cat "$log"; echo "demo: the sandbox did not start (is port $port busy? try DEMO_PORT=4011 make demo)" >&2; exit 1; fi
  sleep 0.1
done
echo "== $(head -1 "$log")"
# A fresh sandbox knows none of the contacts an earlier demo's ledger remembers: forget them too.
rm -f out/demo/state.db out/demo/state.db-wal out/demo/state.db-shm
echo "== bin/intercom-sync import --config samples/demo.properties"
set +e
INTERCOM_BASE_URL="http://127.0.0.1:$port" INTERCOM_ACCESS_TOKEN=sandbox-token \
  bin/intercom-sync import --config samples/demo.properties
code=$?
set -e
echo "== exit code $code (0: every row done, 3: some rows failed, 1: the run failed)"
echo "== out/demo/run-report.json"
cat out/demo/run-report.json
echo
echo "== out/demo/user_errors.csv"
cat out/demo/user_errors.csv
echo "== contacts now in the sandbox"
curl -s -H "Authorization: Bearer sandbox-token" -H "Intercom-Version: 2.16" \
  "http://127.0.0.1:$port/contacts?per_page=50" | python3 -c '
import json, sys
for c in json.load(sys.stdin)["data"]:
    print("  %-6s %-28s %-22s %s" % (c.get("external_id"), c.get("email"), c.get("name"), json.dumps(c.get("custom_attributes", {}))))'
