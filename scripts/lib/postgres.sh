# Sourced by scripts/test and benchmarks: a throwaway PostgreSQL server on 127.0.0.1.
# initdb and postgres refuse to run as root, so as root they run as the `postgres` user.

pg_bindir() {
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
}

pg_start() {
    local bindir
    bindir=$(pg_bindir)
    if [ -z "$bindir" ]; then
        echo "Installing the PostgreSQL server from Debian's packages..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
        bindir=$(pg_bindir)
    fi
    PG_DIR=$(mktemp -d /tmp/engraft-pg.XXXXXX)
    PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local as_pg=()
    if [ "$(id -u)" = "0" ]; then
        chown postgres "$PG_DIR"
        as_pg=(runuser -u postgres --)
    fi
    (cd / && "${as_pg[@]}" "$bindir/initdb" --auth=trust --username=engraft -D "$PG_DIR/data" >/dev/null)
    (cd / && "${as_pg[@]}" "$bindir/pg_ctl" -w -D "$PG_DIR/data" -l "$PG_DIR/log" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null)
    PG_STOP=("${as_pg[@]}" "$bindir/pg_ctl" -w -D "$PG_DIR/data" stop -m fast)
    export PG_DIR PG_PORT
    export PG_URL="postgres://engraft@127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL started on 127.0.0.1:$PG_PORT"
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        (cd / && "${PG_STOP[@]}" >/dev/null 2>&1) || true
        rm -rf "$PG_DIR"
        echo "PostgreSQL stopped"
        PG_DIR=""
    fi
}
