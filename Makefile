# intercom-sync. `make demo` and `make test` are the two commands a newcomer needs.
MVN ?= mvn -B -q
.DEFAULT_GOAL := build
.PHONY: build test demo run bench bench-pacing soak clean

## build: compile and package; leaves bin/intercom-sync runnable (target/intercom-sync.jar + target/lib)
build:
	$(MVN) -DskipTests package

## test: the whole suite (unit, sandbox conformance, end-to-end imports against the sandbox); its last line
## counts the tests run, failed and skipped (Surefire and Failsafe together), and the exit code is Maven's
test:
	@rm -rf target/surefire-reports target/failsafe-reports
	@$(MVN) verify; status=$$?; python3 tools/test-summary.py target; exit $$status

## demo: start the sandbox, import samples/, show the report and the errors CSV. No token or setup needed.
demo: build
	bash samples/demo.sh

## run: an import with your configuration: make run CONFIG=my.properties [ARGS="--dry-run"]
run: build
	bin/intercom-sync import $(if $(CONFIG),--config $(CONFIG)) $(ARGS)

## bench: benchmarks against the sandbox, the pacing matrix last; results go to bench/RESULTS.md by hand, with the command
bench: build
	bash bench/run.sh
	bash bench/pacing.sh

## bench-pacing: the pacing matrix alone (about 20 minutes; ARGS=1666 or ARGS=250/800 or ARGS=tap for some cells)
bench-pacing: build
	bash bench/pacing.sh $(ARGS)

## soak: a heavy reliability run (20,000 rows, all faults, 429 storms, kill -9 and restart), not part of make test
soak: build
	bash bench/soak.sh $(ARGS)

clean:
	$(MVN) clean
	rm -rf out state bench/work
