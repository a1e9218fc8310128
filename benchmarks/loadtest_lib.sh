# Sourced by the load tests: a run directory, gunicorn's start and a cleanup that stops
# gunicorn, then PostgreSQL, and removes the run's files on any exit, failed or not.
source scripts/lib/postgres.sh

WORKERS=${ENGRAFT_LOADTEST_WORKERS:-4}
RUN_DIR=$(mktemp -d /tmp/engraft-loadtest.XXXXXX)
GUNICORN_PID=""

cleanup() {
    local status=$?
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        # TERM lets the master stop its workers; wait so PostgreSQL stops after them.
        kill -TERM "$GUNICORN_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
        echo "gunicorn stopped"
    fi
    if [ "$status" != 0 ] && [ -s "$RUN_DIR/gunicorn.log" ]; then
        echo "--- last lines of the gunicorn log ---"
        tail -n 40 "$RUN_DIR/gunicorn.log"
    fi
    pg_stop
    rm -rf "$RUN_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# gunicorn on 127.0.0.1:$PORT with no control socket (its default path is shared by every
# gunicorn of the user: this run must not clash with, or leave anything for, another one).
start_gunicorn() {
    PORT=$(free_port)
    .venv/bin/gunicorn engraft.web.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
        --no-control-socket --log-file "$RUN_DIR/gunicorn.log" &
    GUNICORN_PID=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
    echo "gunicorn ($WORKERS sync workers) on 127.0.0.1:$PORT"
}
