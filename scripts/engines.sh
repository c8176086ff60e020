#!/usr/bin/env bash
# TimescaleDB and Citus for this machine's PostgreSQL 15: build them from source when missing,
# start throwaway servers for `npm run test:engines`, stop and remove them afterwards.
#
#   scripts/engines.sh install [timescaledb|citus|all]   build + install what is missing (root)
#   scripts/engines.sh start DIR                          servers under DIR; prints KEY=VALUE lines
#   scripts/engines.sh stop DIR                           stop them and remove DIR
#
# PGTWIN_ENGINES_SRC: folder of the tarballs (default ../shared/engines from the repository root;
# read-only is fine: sources are extracted into a temporary folder).
# PG_CONFIG: pg_config of the target PostgreSQL (default: the one of PostgreSQL 15).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
src="${PGTWIN_ENGINES_SRC:-$repo/../shared/engines}"
pg_config="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
[ -x "$pg_config" ] || pg_config="$(command -v pg_config || true)"
[ -n "$pg_config" ] && [ -x "$pg_config" ] || { echo "engines: pg_config of PostgreSQL 15 not found (set PG_CONFIG)" >&2; exit 1; }
bindir="$("$pg_config" --bindir)"
sharedir="$("$pg_config" --sharedir)"

TSDB_VERSION=2.28.3
CITUS_VERSION=13.2.2
BUILD_DEPS=(postgresql-server-dev-15 cmake libssl-dev liblz4-dev libzstd-dev libkrb5-dev
  libcurl4-openssl-dev autoconf flex bison make gcc)

fail() { echo "engines: $*" >&2; exit 1; }
installed() { [ -f "$sharedir/extension/$1.control" ]; }

build_deps() {
  local missing=()
  for p in "${BUILD_DEPS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "build dependencies missing (${missing[*]}); run as root or install them"
  echo "engines: installing build dependencies: ${missing[*]}" >&2
  apt-get update -q >&2 || fail "step 'apt-get update' failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || fail "step 'apt-get install ${missing[*]}' failed (is each package in this machine's package lists?)"
}

# run STEP-NAME LOG COMMAND...: on failure, name the step and show the end of its log.
run() {
  local step="$1" log="$2"; shift 2
  if ! "$@" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    local hint
    hint="$(grep -oE "(Could NOT find [A-Za-z0-9_]+|[A-Za-z0-9_./-]+\.h: No such file or directory|command not found: [a-z]+|[a-z]+: command not found)" "$log" | head -n1 || true)"
    fail "step '$step' failed${hint:+: $hint} (log: $log)"
  fi
}

build_timescaledb() {
  local tgz="$src/timescaledb-$TSDB_VERSION.tar.gz" work log
  [ -f "$tgz" ] || fail "timescaledb is not installed and $tgz is missing (set PGTWIN_ENGINES_SRC)"
  work="$(mktemp -d)"; log="$work/build.log"
  echo "engines: building TimescaleDB $TSDB_VERSION in $work (log: $log)" >&2
  run "extract $tgz" "$log" tar -xzf "$tgz" -C "$work"
  build_deps
  cd "$work/timescaledb-$TSDB_VERSION"
  run "timescaledb bootstrap (cmake)" "$log" ./bootstrap -DPG_CONFIG="$pg_config" -DREGRESS_CHECKS=OFF \
    -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF -DLINTER=OFF -DCMAKE_BUILD_TYPE=Release
  run "timescaledb make" "$log" make -C build -j"$(nproc)"
  run "timescaledb make install" "$log" make -C build install
  cd "$repo"; rm -rf "$work"
  installed timescaledb || fail "timescaledb: make install finished but $sharedir/extension/timescaledb.control is missing"
}

build_citus() {
  local tgz="$src/citus-$CITUS_VERSION.tar.gz" patchf="$src/citus-$CITUS_VERSION-pg15.20.patch" work log
  [ -f "$tgz" ] || fail "citus is not installed and $tgz is missing (set PGTWIN_ENGINES_SRC)"
  work="$(mktemp -d)"; log="$work/build.log"
  echo "engines: building Citus $CITUS_VERSION in $work (log: $log)" >&2
  run "extract $tgz" "$log" tar -xzf "$tgz" -C "$work"
  build_deps
  cd "$work/citus-$CITUS_VERSION"
  # PostgreSQL 15.20's headers declare have_createdb_privilege, which Citus also defines.
  if [ -f "$patchf" ] && ! grep -q citus_have_createdb_privilege src/include/pg_version_compat.h; then
    run "patch $patchf" "$log" patch -p1 -i "$patchf"
  fi
  run "citus configure" "$log" ./configure PG_CONFIG="$pg_config" --without-libcurl
  # with_llvm=no: no LLVM bitcode for JIT inlining, which doubles the build time here.
  run "citus make" "$log" make -j"$(nproc)" with_llvm=no
  run "citus make install" "$log" make install with_llvm=no
  cd "$repo"; rm -rf "$work"
  installed citus || fail "citus: make install finished but $sharedir/extension/citus.control is missing"
}

install_engines() {
  local which="${1:-all}"
  if [ "$which" = all ] || [ "$which" = timescaledb ]; then
    if installed timescaledb; then echo "engines: timescaledb already installed" >&2; else build_timescaledb; fi
  fi
  if [ "$which" = all ] || [ "$which" = citus ]; then
    if installed citus; then echo "engines: citus already installed" >&2; else build_citus; fi
  fi
}

# Servers run as `postgres` when we are root (PostgreSQL refuses root), as ourselves otherwise.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

start_node() { # name port preload extra-settings...
  local base="$1" name="$2" dir="$1/$2" port="$3" preload="$4"; shift 4
  as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$base/$name.initdb.log" 2>&1 \
    || { cat "$base/$name.initdb.log" >&2; fail "step 'initdb $name' failed"; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$base'"
    echo "shared_preload_libraries = '$preload'"
    echo "shared_buffers = 64MB"
    echo "max_connections = 100"
    # Throwaway servers: durability does not matter, and fewer disk waits make the bench steadier.
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    for s in "$@"; do echo "$s"; done
  } >>"$dir/postgresql.conf"
  as_pg "$bindir/pg_ctl" -D "$dir" -l "$base/$name.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$base/$name.log" >&2; fail "step 'start $name server' failed"; }
}

psql_at() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc "$2"; }

start_servers() {
  local dir="$1"
  installed timescaledb || fail "timescaledb is not installed in $sharedir/extension (run: scripts/engines.sh install)"
  installed citus || fail "citus is not installed in $sharedir/extension (run: scripts/engines.sh install)"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  local tsdb coord w1 w2
  tsdb="$(free_port)"
  start_node "$dir" tsdb "$tsdb" timescaledb "timescaledb.enable_chunk_skipping = on" "timescaledb.telemetry_level = off"
  coord="$(free_port)"; start_node "$dir" coord "$coord" citus
  w1="$(free_port)"; start_node "$dir" w1 "$w1" citus
  w2="$(free_port)"; start_node "$dir" w2 "$w2" citus
  for p in "$coord" "$w1" "$w2"; do psql_at "$p" "CREATE EXTENSION IF NOT EXISTS citus" >/dev/null || fail "step 'CREATE EXTENSION citus on port $p' failed"; done
  psql_at "$coord" "SELECT citus_set_coordinator_host('127.0.0.1', $coord)" >/dev/null || fail "step 'citus_set_coordinator_host' failed"
  psql_at "$coord" "SELECT citus_add_node('127.0.0.1', $w1)" >/dev/null || fail "step 'citus_add_node $w1' failed"
  psql_at "$coord" "SELECT citus_add_node('127.0.0.1', $w2)" >/dev/null || fail "step 'citus_add_node $w2' failed"
  echo "TIMESCALEDB_URL=postgres://postgres@127.0.0.1:$tsdb/postgres"
  echo "CITUS_URL=postgres://postgres@127.0.0.1:$coord/postgres"
  echo "CITUS_WORKER_PORTS=$w1,$w2"
}

stop_servers() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  for n in tsdb coord w1 w2; do
    [ -f "$dir/$n/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/$n" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  install) install_engines "${2:-all}" ;;
  start) [ -n "${2:-}" ] || fail "usage: engines.sh start DIR"; start_servers "$2" ;;
  stop) [ -n "${2:-}" ] || fail "usage: engines.sh stop DIR"; stop_servers "$2" ;;
  *) echo "usage: engines.sh install [timescaledb|citus|all] | start DIR | stop DIR" >&2; exit 2 ;;
esac
