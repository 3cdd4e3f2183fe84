#!/usr/bin/env bash
# make soak: a heavy reliability run kept out of `make test` (io.intercomsync.reliability.Soak):
# the packaged command, 20,000 rows, every fault kind at rate 0.2, jittered latency, a small rate limit
# with 429 storms, SIGKILL in the middle and a restart; every invariant checked at the end.
# Arguments pass through: rows, fault rate. Exits non-zero when an invariant broke.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -cp "$cp" io.intercomsync.reliability.Soak "$@"
