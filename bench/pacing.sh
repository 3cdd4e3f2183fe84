#!/usr/bin/env bash
# make bench-pacing [ARGS=filter]: the import's pacing with default settings against the sandbox, in 18 cells
# (allowance 250 and 1,666 per window x latency 50/250/800 ms, jittered x reset header exact/late/absent,
# windows at an odd phase), then the tap's conversation parts at 1,666 per window and 250 ms.
# io.intercomsync.bench.PacingBench; a filter such as 1666, 250/800 or tap runs only those cells.
# Copy the printed table into bench/RESULTS.md (section "Pacing") with the date and this command.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -cp "$cp" io.intercomsync.bench.PacingBench "$@"
