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
