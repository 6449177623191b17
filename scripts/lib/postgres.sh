# Shared by the scripts: starts a real PostgreSQL server for the tests of programs shared by several
# machines, and stops it when the calling script exits. Debian's package (installed when missing),
# `initdb` into a temporary folder, `pg_ctl start` on 127.0.0.1 with a non-default port, `pg_isready`.
# Usage: source scripts/lib/postgres.sh; start_postgres   (exports AFFILIATE_KIT_POSTGRES_URL)
# With CI=true a server that cannot start fails the script; elsewhere its tests are skipped.

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

start_postgres() {
  local bin port
  bin=$(postgres_bin || true)
  if [ -z "$bin" ]; then
    step "installing PostgreSQL (Debian's postgresql package)"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || true
    else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql >/dev/null || true; fi
    bin=$(postgres_bin || true)
  fi
  if [ -z "$bin" ]; then
    postgres_unavailable "PostgreSQL is not installed and could not be installed"
    return
  fi
  port=${AFFILIATE_KIT_POSTGRES_PORT:-54329}
  PG_DIR=$(mktemp -d /tmp/affiliate-kit-pg.XXXXXX)
  # The server refuses to run as root: as root, it runs as the package's `postgres` user.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  trap 'stop_postgres' EXIT
  if ! "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U affiliate_kit --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    postgres_unavailable "initdb failed"
    return
  fi
  # TLS too (for the sslmode=require tests): a test CA and a server certificate for 127.0.0.1, when
  # openssl is here; plain connections stay allowed.
  local tls=""
  if ! command -v openssl >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq openssl >/dev/null 2>&1 || true
    else sudo apt-get install -y -qq openssl >/dev/null 2>&1 || true; fi
  fi
  if command -v openssl >/dev/null && make_test_certificates "$PG_DIR"; then
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR/server.key" "$PG_DIR/server.crt"
    tls="-c ssl=on -c ssl_cert_file=$PG_DIR/server.crt -c ssl_key_file=$PG_DIR/server.key"
    export AFFILIATE_KIT_POSTGRES_CA="$PG_DIR/ca.crt"
  fi
  if ! "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=on -c max_connections=100 $tls" start >/dev/null; then
    cat "$PG_DIR/server.log" >&2
    postgres_unavailable "pg_ctl start failed"
    return
  fi
  local i
  for i in $(seq 1 60); do
    pg_isready -h 127.0.0.1 -p "$port" -q && break
    sleep 0.5
  done
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U affiliate_kit affiliate_kit
  export AFFILIATE_KIT_POSTGRES_URL="postgresql://affiliate_kit@127.0.0.1:$port/affiliate_kit"
  # What the crash tests need to restart the server (`pg_ctl restart -m immediate`).
  export AFFILIATE_KIT_PG_CTL="${as[*]} $bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR)"
}

# A throwaway CA (ca.crt) and a certificate it signs for 127.0.0.1 (server.crt, server.key) in $1.
make_test_certificates() {
  local dir=$1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=affiliate-kit-test-ca \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1 &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
    -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1 &&
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext" &&
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.crt" >/dev/null 2>&1 &&
  chmod 600 "$dir/server.key"
}

stop_postgres() {
  local bin
  bin=$(postgres_bin || true)
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] && [ -n "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    else "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$PG_DIR"
  fi
}

postgres_unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "error: $1 (CI=true: the PostgreSQL tests must run)" >&2
    exit 1
  fi
  echo "warning: $1: the PostgreSQL tests are skipped" >&2
}
