#!/usr/bin/env bash
# make bench: builds the test classes and runs the benchmarks against an in-process sandbox.
# Arguments pass through to io.intercomsync.bench.ImportBench (rows, baseline rows, dry-run series).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.intercomsync.bench.ImportBench "$@"
