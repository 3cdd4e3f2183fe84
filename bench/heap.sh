#!/usr/bin/env bash
# The import's heap as the file grows (issue 17), by hand (not part of `make bench`: the unchanged series
# needs a real first import of every size: 2,400 to 4,700 creates/s on 2 cores, 30 minutes for 5M).
#
#   bash bench/heap.sh dry       100000,1000000,5000000   # import --dry-run, empty ledger
#   bash bench/heap.sh unchanged 100000,1000000           # real import, then the same file again (every row in the ledger)
#   FILL_CHUNK=1000000 bash bench/heap.sh unchanged 5000000
#       the same, the real import made in files of 1M rows (ImportBench.csv with an offset: the very lines of the
#       whole file), each into a fresh sandbox, so the sandbox never holds more than 1M contacts; the ledger
#       (keyed by the sandbox's fixed workspace id and external_id) ends the same. The measured run is as without it.
#
# The method of ImportBench's dry-run series: the packaged bin/intercom-sync under JAVA_OPTS=-Xmx256m -Xlog:gc
# (IMPORT_XMX to change), the file from ImportBench.csv (10 columns, samples/mapping.yaml, 5 typed custom
# attributes), rows/s from the run report's rows / duration_ms, peak heap before and after GC from the GC log's
# "NM->NM(NM)" figures. The sandbox is `bin/intercom-sync sandbox --rate-limit=0` as a separate process,
# restarted for each size with JAVA_OPTS=-Xmx$SANDBOX_XMX (it holds every contact created). Needs
# `mvn -DskipTests package` first (target/intercom-sync.jar, target/lib, target/test-classes).
# Prints one table row per size; the work files stay in bench/work/heap (the CSVs are deleted after each size).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:?usage: bench/heap.sh dry|unchanged rows[,rows...]}"
sizes="${2:-100000,1000000,5000000}"
import_xmx="${IMPORT_XMX:-256m}"
fill_chunk="${FILL_CHUNK:-0}"
port="${PORT:-4017}"
work="$PWD/bench/work/heap"
mkdir -p "$work"

if [ "$mode" = unchanged ]; then sandbox_xmx="${SANDBOX_XMX:-8g}"; else sandbox_xmx="${SANDBOX_XMX:-512m}"; fi
sandbox_pid=""
stop_sandbox() { if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; sandbox_pid=""; fi; }
trap stop_sandbox EXIT
start_sandbox() {
  JAVA_OPTS="-Xmx$sandbox_xmx" bin/intercom-sync sandbox --port="$port" --rate-limit=0 >"$work/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null -H "Authorization: Bearer sandbox-token" "http://localhost:$port/me"; then return 0; fi
    sleep 0.5
  done
  echo "sandbox did not answer on port $port" >&2; exit 1
}

# ImportBench.csv(folder, name, rows, offset), package-private: called by reflection, so the rows are the bench's own.
cat >"$work/Gen.java" <<'EOF'
import java.nio.file.Path;
public class Gen {
    public static void main(String[] a) throws Exception {
        var m = Class.forName("io.intercomsync.bench.ImportBench").getDeclaredMethod("csv", Path.class, String.class, int.class, int.class);
        m.setAccessible(true);
        System.out.println(m.invoke(null, Path.of(a[0]), a[1], Integer.parseInt(a[2]), a.length > 3 ? Integer.parseInt(a[3]) : 0));
    }
}
EOF

cat >"$work/bench.properties" <<EOF
intercom.base-url=http://localhost:$port
intercom.max-in-flight=16
output.folder=$work/out
mapping.file=$PWD/samples/mapping.yaml
state.url=jdbc:sqlite:$work/state/ledger.db
mapping.create-missing-attributes=true
source.stable-ms=0
EOF

# report FILE EXPR: a Python expression over the run report's fields (r), printed; python3 rather than jq,
# which a fresh machine may not have
report() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# run_import LABEL FILE [--dry-run]: prints "rows/s after-peak before-peak" and leaves the report in $work/$LABEL.json
run_import() {
  local label="$1" file="$2"; shift 2
  local gclog="$work/$label.gc.log"
  rm -f "$gclog"
  INTERCOM_ACCESS_TOKEN=sandbox-token JAVA_OPTS="-Xmx$import_xmx -Xlog:gc:file=$gclog" \
    bin/intercom-sync import --config "$work/bench.properties" --file "$file" --report "$work/$label.json" "$@" \
    >"$work/$label.log" 2>&1 || { echo "import $label exited $?; see $work/$label.log" >&2; exit 1; }
  local rps
  rps=$(report "$work/$label.json" "int(r['rows'] / (r['duration_ms'] / 1000))")
  # the largest "before" and "after" of every collection line, as ImportBench.dryRun reads them
  grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$gclog" | awk -F'[M>(-]+' \
    -v rps="$rps" 'BEGIN {b = 0; a = 0} {if ($1 + 0 > b) b = $1 + 0; if ($2 + 0 > a) a = $2 + 0; n++}
                   END {printf "%s %d %d %d\n", rps, a, b, n}'
}

printf '%s, %s, import -Xmx%s, sandbox -Xmx%s, %s\n' "$mode" "$(date -u '+%F %T UTC')" "$import_xmx" "$sandbox_xmx" "$(uptime | sed 's/.*load/load/')"
echo "| rows | rows/s | heap after GC (peak) | heap before GC (peak) | collections | result |"
echo "|---|---|---|---|---|---|"
for n in ${sizes//,/ }; do
  rm -f "$work"/state/ledger.db*
  mkdir -p "$work/state"
  file=$(java -cp "target/test-classes:target/intercom-sync.jar:target/lib/*" "$work/Gen.java" "$work" "users_$n" "$n")
  start_sandbox
  if [ "$mode" = dry ]; then
    read -r rps after before gcs < <(run_import "dry-$n" "$file" --dry-run)
    result=$(report "$work/dry-$n.json" "f\"created {r['created']}, unchanged {r['unchanged']}, failed {r['failed']}, write calls {r['write_calls']}\"")
  else
    if [ "$fill_chunk" -gt 0 ] && [ "$fill_chunk" -lt "$n" ]; then
      for ((offset = 0; offset < n; offset += fill_chunk)); do
        rows=$((n - offset < fill_chunk ? n - offset : fill_chunk))
        [ "$offset" -eq 0 ] || { stop_sandbox; start_sandbox; }
        part=$(java -cp "target/test-classes:target/intercom-sync.jar:target/lib/*" "$work/Gen.java" "$work" "part_${n}_$offset" "$rows" "$offset")
        read -r frps fafter fbefore fgcs < <(run_import "first-$n-$offset" "$part")
        echo "  (first import, rows $offset to $((offset + rows - 1)): $frps rows/s, peak after GC ${fafter} MB, before ${fbefore} MB, $fgcs collections; $(report "$work/first-$n-$offset.json" "f\"created {r['created']}, failed {r['failed']}\""); $(date -u +%T))" >&2
        rm -f "$part"
      done # the last part's sandbox stays for the measured run: it has the attributes, so that run makes no write call
    else
      read -r frps fafter fbefore fgcs < <(run_import "first-$n" "$file")
      echo "  (first import, $n rows: $frps rows/s, peak after GC ${fafter} MB, before ${fbefore} MB, $fgcs collections; $(report "$work/first-$n.json" "f\"created {r['created']}, failed {r['failed']}\""))" >&2
    fi
    read -r rps after before gcs < <(run_import "unchanged-$n" "$file")
    result=$(report "$work/unchanged-$n.json" "f\"unchanged {r['unchanged']}, created {r['created']}, updated {r['updated']}, failed {r['failed']}, write calls {r['write_calls']}, api calls {r['api_calls']}\"")
  fi
  printf '| %s | %s | %s MB | %s MB | %s | %s |\n' "$n" "$rps" "$after" "$before" "$gcs" "$result"
  stop_sandbox
  rm -f "$file"
done
