# shellcheck shell=bash
# Debian packages and local services the portal and its tests use. Each
# function checks first and installs only what is missing.

# apt-get needs root; a developer without it gets the command to run instead.
apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "missing Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"
    return 1
  fi
  log "installing Debian packages: ${missing[*]}"
  mkdir -p "$TOOLCHAIN_DIR"
  if [ ! -f "$TOOLCHAIN_DIR/.apt-updated" ]; then
    apt-get update -qq >"$TOOLCHAIN_DIR/apt.log" 2>&1 || true
    touch "$TOOLCHAIN_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >>"$TOOLCHAIN_DIR/apt.log" 2>&1 || { log "apt-get failed; see .toolchain/apt.log"; return 1; }
}

ensure_mkdocs() {
  command -v mkdocs >/dev/null && return 0
  apt_install mkdocs mkdocs-material
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  apt_install chromium
}

# A PostgreSQL server on 127.0.0.1:5432 for the integration tests: the
# machine's own if it answers, else Debian's, started on loopback.
ensure_postgres() {
  if pg_answers; then return 0; fi
  apt_install postgresql || return 1
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
  [ -n "$version" ] || { log "postgresql installed but no cluster found"; return 1; }
  log "starting PostgreSQL $version on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 30); do pg_answers && break; sleep 1; done
  pg_answers || { log "PostgreSQL did not come up on 127.0.0.1:5432"; return 1; }
  # Debian's default asks loopback clients for a password; the tests use
  # postgres/postgres (a throwaway server on loopback only).
  runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 || true
}

pg_answers() {
  node -e "
    const s = require('net').connect(5432, '127.0.0.1');
    s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1));
    setTimeout(() => process.exit(1), 1000);" 2>/dev/null
}

# Real servers the contract suites compare the demo fleet against.
ensure_test_servers() {
  apt_install pdns-server pdns-backend-sqlite3 sqlite3 dnsutils prometheus
}

# The scale-out proofs run their own PostgreSQL and Redis servers (restarted
# and killed on purpose), from Debian's packages.
ensure_scale_servers() {
  apt_install postgresql redis-server
}
