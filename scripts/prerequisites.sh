#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing: Debian's chromium (for
# Playwright, whose own browser download cannot run everywhere), bubblewrap (the grading sandbox) and
# postgresql (class mode's storage tests start a throwaway cluster with its initdb and pg_ctl).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
# Debian keeps the server's binaries off PATH, under /usr/lib/postgresql/<major>/bin (found the same way by
# tests/unit/classroom/postgres-cluster.ts); PG_BIN names another folder.
has_postgres_server() {
  [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return 0
  command -v initdb >/dev/null 2>&1
}
has_postgres_server || missing+=(postgresql)
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${missing[*]}: install them with your package manager, then run the command again." >&2
  exit 1
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then run_as_root=(sudo); else
    echo "Missing ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root, then run the command again." >&2
    exit 1
  fi
fi
echo "Installing ${missing[*]} (Debian packages)…"
export DEBIAN_FRONTEND=noninteractive
"${run_as_root[@]}" apt-get update -q
"${run_as_root[@]}" apt-get install -y -q "${missing[@]}"
