#!/usr/bin/env bash
# make bench: builds the test classes and runs the benchmarks against an in-process sandbox:
#   1. the sandbox's own throughput (it must never be the bottleneck: goal >= 2,000 requests/s)
#   2. the import against the rate limit (io.intercomsync.bench.ImportBench; arguments pass through:
#      rows for the rate-limited import, rows for the one-at-a-time baseline, the dry-run series)
#   3. the ledger at scale: 100,000 rows twice and with 1% changed, no rate limit (LedgerBench)
#   4. the tap: users and conversation parts per second against the same limits (TapBench)
#   5. the per-row path beside a plain parse + map + JSON baseline, same run (PerRowBench; -Xmx2g because
#      the in-process sandbox holds every contact)
# Copy the printed figures into bench/RESULTS.md with the date and this command.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
echo "== sandbox throughput, latency 0"
java -cp "$cp" io.intercomsync.sandbox.SandboxThroughputBench 20000 16 1000
echo "== import"
java -cp "$cp" io.intercomsync.bench.ImportBench "$@"
echo "== ledger: 100,000 rows"
java -Xmx512m -cp "$cp" io.intercomsync.bench.LedgerBench 100000 bench/work/ledger
echo "== per-row path: 100,000 rows"
java -Xmx2g -cp "$cp" io.intercomsync.bench.PerRowBench 100000 bench/work/per-row
echo "== tap"
java -cp "$cp" io.intercomsync.bench.TapBench 2000 200
