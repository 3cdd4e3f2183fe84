#!/usr/bin/env bash
# make demo: starts the sandbox, imports the newest CSV in samples/, shows the report and the errors CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
bin/intercom-sync sandbox --port 0 >"$log" 2>&1 &   # any free port: the banner names it
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$log" && break
  if ! kill -0 $sandbox 2>/dev/null; then cat "$log"; echo "demo: the sandbox did not start" >&2; exit 1; fi
  sleep 0.1
done
base_url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)"
echo "== $(head -1 "$log")"
# A fresh sandbox knows none of the contacts an earlier demo's ledger remembers: forget them too.
rm -f out/demo/state.db out/demo/state.db-wal out/demo/state.db-shm
# notifications: a local receiver stands in for Slack and HipChat (samples/demo.properties points at it)
notify_log="$(mktemp)"
python3 samples/notify-receiver.py --port 4020 --parent $$ >"$notify_log" 2>"$notify_log.err" &
notify=$!
for _ in $(seq 1 50); do
  grep -q "listening on" "$notify_log.err" && break
  if ! kill -0 $notify 2>/dev/null; then echo "demo: the Slack/HipChat stand-in could not listen on port 4020: the import goes on, its notifications fail (one WARN line per notifier)" >&2; break; fi
  sleep 0.1
done
echo "== bin/intercom-sync import --config samples/demo.properties"
set +e
INTERCOM_BASE_URL="$base_url" INTERCOM_ACCESS_TOKEN=sandbox-token \
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
  "$base_url/contacts?per_page=50" | python3 -c '
import json, sys
for c in json.load(sys.stdin)["data"]:
    print("  %-6s %-28s %-22s %s" % (c.get("external_id"), c.get("email"), c.get("name"), json.dumps(c.get("custom_attributes", {}))))'
echo "== notifications the import sent, as the stand-in Slack and HipChat received them"
cat "$notify_log"
kill $notify 2>/dev/null || true
rm -f "$notify_log" "$notify_log.err"
