# Recovery Desk. `make run` starts the app on the demo caseload; `make test` runs every test.
# Both install what is missing first (Debian/Ubuntu: apt-get, with sudo when not root; npm; cargo).
SHELL := /bin/bash
.DEFAULT_GOAL := run

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_BUILD := libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev \
             libssl-dev build-essential pkg-config curl
APT_TEST := webkit2gtk-driver xvfb chromium poppler-utils fonts-liberation2
# Node.js and npm from Debian only when the machine has none (a NodeSource nodejs already carries npm,
# and Debian's npm package conflicts with it).
APT_NODE := $(shell command -v npm >/dev/null || echo nodejs npm)
CARGO := $(shell command -v cargo || echo $$HOME/.cargo/bin/cargo)

.PHONY: run test deps-build deps-test rust lint bundle cli

# Missing apt packages, installed in one go (apt-get update once, only when something is missing).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

rust:
	@command -v cargo >/dev/null || [ -x $$HOME/.cargo/bin/cargo ] || { \
	  echo "Installing Rust (rustup)"; curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal; }

deps-build: rust
	$(call apt_install,$(APT_BUILD))

deps-test: deps-build
	$(call apt_install,$(APT_TEST) $(APT_NODE))
	@[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund
	@command -v tauri-driver >/dev/null || [ -x $$HOME/.cargo/bin/tauri-driver ] || $(CARGO) install tauri-driver --locked

## run: build the app and start it on a local database in your data directory (demo caseload on first start)
run: deps-build
	$(CARGO) build -p recovery-desk
	@echo "Starting Recovery Desk. Data: $${RECOVERY_DESK_DATA_DIR:-~/.local/share/uk.recoverydesk.app}/recovery-desk.db (encrypted)"
	@echo "Demo sign-in: team.leader, a.officer, b.officer, p.processing or admin; password: demo-password-2026"
	./target/debug/recovery-desk

## test: every test: Rust unit + integration + CLI + tidy, UI (headless Chromium, axe-core), end to end (real window)
test: deps-test
	$(CARGO) build -p recovery-desk -p recovery-core
	$(CARGO) test -p recovery-core -p recovery-desk
	node --test tests/ui/
	PATH="$$HOME/.cargo/bin:$$PATH" $(CARGO) test -p recovery-desk-e2e -- --test-threads=1

## lint: formatting and clippy, as CI runs them
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## cli: the headless CLI (no webkit needed)
cli:
	$(CARGO) build --release -p recovery-core --bin recovery-desk-cli

## bundle: .deb and .AppImage installers (Windows .msi/NSIS must be built on Windows)
bundle: deps-build
	@[ -d node_modules/@tauri-apps/cli ] || npm ci --no-audit --no-fund
	npx tauri build
