# Shared by the Benchmarks/run-*.sh drivers (sourced): building a benchmark, and reaching the
# private mail servers of Scripts/mailservers. Expects HERE to be this folder.

# build_bench SCRATCH PRODUCT...: release builds under SCRATCH; BIN is then their folder.
build_bench() {
    local scratch=$1 product
    shift
    for product in "$@"; do
        swift build -c release --scratch-path "$scratch" --product "$product" >&2
    done
    BIN=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
}

# mail_servers_env: starts Scripts/mailservers if it is down (needs root) and exports its env
# file (ports, users, paths); STATE is its state directory.
mail_servers_env() {
    local servers=$HERE/../Scripts/mailservers
    "$servers" status >/dev/null 2>&1 || "$servers" start >&2
    STATE=${MAILPROBE_SERVERS_DIR:-/tmp/mailprobe-servers}
    set -a
    # shellcheck disable=SC1091
    source "$STATE/env"
    set +a
}

# bench_workdir NAME: a scratch folder WORK, removed on exit with every process in PIDS
# (KEEP=1 keeps the folder).
bench_workdir() {
    WORK=$(mktemp -d "/tmp/mailprobe-$1.XXXXXX")
    PIDS=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ -n ${KEEP:-} ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}

# free_port: a TCP port free on 127.0.0.1 now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for TRIES CMD...: polls every 0.1 s until CMD succeeds, at most TRIES times.
wait_for() {
    local tries=$1; shift
    until "$@" >/dev/null 2>&1; do
        (( --tries > 0 )) || return 1
        sleep 0.1
    done
}
