# Thin wrapper over scripts/ (the scripts work without make, too).
.PHONY: run test build fuzz screenshots clean
run:
	./scripts/run-demo.sh
test:
	./scripts/run-tests.sh
build:
	./scripts/build.sh
fuzz:
	./scripts/fuzz.sh 120
screenshots:
	./scripts/screenshots.sh
clean:
	rm -rf build build-fuzz
