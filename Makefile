# Targets are named like the steps CI runs, so any CI step can be re-run by hand.
# `make run` and `make test` install whatever is missing first (Debian 12, as root or with sudo).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Colour codes only; cargo's progress bar does not depend on it. Cargo draws the bar when its
# output is a terminal (not in a log, not with CI set or TERM=dumb); its "Compiling …" lines show
# either way.
export CARGO_TERM_COLOR := never

APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver \
	imagemagick fonts-dejavu-core poppler-utils libclang-dev xdotool
TAURI_DRIVER_VERSION := 2.1.0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps apt-deps ui-deps tauri-driver ui-build app-build \
	fmt lint-ui clippy test-rust test-ui typecheck bindings bindings-check stories e2e bench soak \
	first-build-note package package-deps package-build package-sizes package-smoke

# Says what a long step is about to do when target/ has not built the WebKit stack yet (a first
# build). $(call first-build,PROFILE,CRATES,MINUTES,WHAT). The counts were measured here: cargo
# compiled 284 crates for the app, ~360 with the tests' own dependencies.
define first-build
	@if ! ls target/$(1)/.fingerprint 2>/dev/null | grep -q '^webkit2gtk-sys-'; then \
		echo "==> first build: compiling ~$(2) crates, about $(3) minutes on 2 cores ($(4))."; \
		echo "    Cargo's \"Compiling\" lines follow (and its progress bar, on a terminal)."; \
	fi
endef

## make run: set everything up and open Vetta on the database in the OS data directory.
run: deps ui-build
	$(call first-build,debug,290,10-17,the app; later runs start in seconds)
	cargo run -p vetta

## make test: set everything up and run every check CI runs.
test: deps tauri-driver fmt lint-ui ui-build typecheck test-ui first-build-note clippy test-rust \
	bindings-check stories e2e
	@echo "make test: every check passed"

# Before `make test`'s first cargo compile (clippy).
first-build-note:
	$(call first-build,debug,360,15-20,the app and the tests; later runs only what changed)

deps: apt-deps ui-deps

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> installing Debian packages (about half a minute):" $$missing; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json
	@echo "==> installing the UI's npm packages (npm ci)"
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui-deps: ui/node_modules/.package-lock.json

tauri-driver:
	@command -v tauri-driver >/dev/null || { \
		echo "==> installing tauri-driver $(TAURI_DRIVER_VERSION) (cargo install, about a minute)"; \
		cargo install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; }

## The frontend is embedded into the app at compile time: build it before any cargo step on src-tauri.
ui-build: ui-deps
	cd ui && npm run build

app-build: ui-build
	cargo build -p vetta

fmt:
	cargo fmt --all --check

## The UI's fmt and clippy: prettier --check (formatting), then eslint (TypeScript and Svelte rules).
lint-ui: ui-deps
	cd ui && npm run lint

typecheck: ui-deps
	cd ui && npm run check

test-ui: ui-deps
	cd ui && npm test

clippy: ui-build
	cargo clippy --workspace --all-targets -- -D warnings

## Core's unit, property, storage and crash tests, and the app crate's own tests.
test-rust: ui-build
	cargo test --workspace --exclude vetta-tests

## Regenerate ui/src/bindings.ts from the Rust commands (commit the result).
bindings: ui-build
	cargo run -q -p vetta --example export_bindings

## Fails when the committed ui/src/bindings.ts differs from what the commands generate.
bindings-check: ui-build
	cargo test -p vetta --lib committed_bindings_are_current

## Story tests: whole lifecycles through the same core calls the commands make.
stories:
	cargo test -p vetta-tests --test 'story_*'

## End-to-end: the real app in a real window under Xvfb, driven by tauri-driver + WebKitWebDriver.
e2e: app-build tauri-driver
	VETTA_APP=$(CURDIR)/target/debug/vetta cargo test -p vetta-tests --test 'e2e*' -- --test-threads=1

## Benchmarks, not part of `make test`: generate the 100k-partner file through core's write path and
## time every command on it, then each interaction in the real window and the frames while a
## 100,000-row file imports (the open dialog driven with xdotool), then launch time, memory and
## size against an empty Tauri 2 app.
## Results: docs/BENCHMARKS.md. Takes ~10 min warm (the first run also builds the empty app).
bench: deps tauri-driver ui-build
	cargo build --release -p vetta
	cargo bench -p vetta-core --bench store
	cargo bench -p vetta-tests --bench interact
	cargo bench -p vetta-tests --bench launch

## Soak, not part of `make test`: the data-safety tests at scale, each printing its figures —
## 1,000 kill -9 cycles, 10,000 power cuts, 10,000 hostile inputs per Store write method,
## a shared week of 10,000 actions on each of two devices, 300 kill -9 cycles of a sharing device.
## Built with the `soak` profile (optimised, overflow checks on). Takes ~20 min.
SOAK := cargo test -p vetta-core --profile soak
soak:
	@start=$$(date +%s); \
	VETTA_CRASH_CYCLES=1000 VETTA_CRASH_BUDGET_SECS=3600 \
		$(SOAK) --test crash killed_writers -- --nocapture --test-threads=1; \
	VETTA_POWER_CYCLES=10000 VETTA_POWER_BUDGET_SECS=3600 \
		$(SOAK) --test power_loss -- --nocapture; \
	VETTA_HOSTILE_PER_METHOD=10000 VETTA_HOSTILE_BUDGET_SECS=7200 \
		$(SOAK) --test hostile -- --nocapture; \
	VETTA_SYNC_ACTIONS=10000 VETTA_SYNC_SEEDS=1 \
		$(SOAK) --test sync a_random_week -- --nocapture; \
	VETTA_SYNC_KILL_CYCLES=300 \
		$(SOAK) --test sync a_device_killed -- --nocapture; \
	echo "make soak: every figure above holds; $$(( $$(date +%s) - start )) s in all"

## Packages, not part of `make test`: a release build, the .deb and .rpm (the bundler's targets in
## tauri.conf.json), their sizes, then the smoke test: the .deb installed on this machine, the
## installed app driven under Xvfb on a temp OS data folder, the package removed again
## (tests/package/smoke.sh). Needs root (dpkg -i). No AppImage: README, "Packages: make package".
PACKAGE_APT := desktop-file-utils rpm
package: deps tauri-driver package-deps
	@start=$$(date +%s); echo "==> make package: load at the start: $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	$(MAKE) --no-print-directory package-build package-sizes package-smoke; \
	echo "make package: done in $$(( $$(date +%s) - start )) s; load now: $$(cut -d' ' -f1-3 /proc/loadavg)"

package-deps:
	@$(MAKE) --no-print-directory apt-deps APT_PACKAGES="$(PACKAGE_APT)"

## `npm run tauri build` in ui/ (the script names src-tauri): the UI build, cargo build --release,
## then the bundles under target/release/bundle/.
package-build: ui-deps
	$(call first-build,release,290,10-15,a release build: optimised and linked whole)
	rm -rf target/release/bundle/deb target/release/bundle/rpm
	cd ui && npm run tauri build

package-sizes:
	@echo "==> packages"; \
	for f in target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm; do \
		printf '  %-60s %s\n' "$$f" "$$(numfmt --to=iec-i --suffix=B --format='%.2f' $$(stat -c %s $$f))"; \
	done; \
	printf '  %-60s %s\n' "installed size of the .deb" \
		"$$(dpkg-deb -f target/release/bundle/deb/*.deb Installed-Size) KiB"

package-smoke:
	tests/package/smoke.sh
