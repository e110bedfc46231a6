# tools.sh — sourced by the benchmarks that time dbt beside smelt (compile_bench.sh, spark_bench.sh).

# need_gnu_time: /usr/bin/time (GNU time) measures wall, CPU and peak RSS; installed when missing.
need_gnu_time() {
    if [ ! -x /usr/bin/time ]; then
        echo "note: /usr/bin/time (GNU time) is missing; installing the 'time' package with apt-get" >&2
        apt-get install -y -q time >/dev/null
    fi
}

# dbt_venv VENV PIN...: the virtual environment VENV with dbt, made on first use with the pinned
# packages from PyPI; then dbt is told to send nothing and check nothing over the network.
dbt_venv() {
    local venv=$1
    shift
    if [ ! -x "$venv/bin/dbt" ]; then
        echo "== creating $venv with $*" >&2
        if [ ! -x "$venv/bin/python" ]; then
            python3 -m venv "$venv" 2>/dev/null || { rm -rf "$venv"; /usr/bin/python3 -m venv "$venv"; }
        fi
        "$venv/bin/pip" install -q "$@" >&2
    fi
    # no usage tracking, no version check: nothing may leave the machine or wait on the network
    export DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1 DBT_VERSION_CHECK=false
}
