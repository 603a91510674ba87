#!/bin/sh
# Installs and starts what opdcrawl needs from Debian on a fresh machine:
# Chromium (scrapy-playwright, HTML report screenshots) and PostgreSQL (tests).
# Safe to run again: it only installs what is missing and only starts what is stopped.
set -eu

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
if [ "${OPDCRAWL_NEED_POSTGRES:-1}" = 1 ]; then
    command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
        || need="$need postgresql"
fi
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup-system: installing$need"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
    else
        echo "setup-system: missing$need; run as root or install them with apt-get" >&2
        exit 1
    fi
fi

if [ "${OPDCRAWL_NEED_POSTGRES:-1}" = 1 ] && [ "$(id -u)" = 0 ]; then
    if ! pg_lsclusters -h | grep -q online; then
        cluster=$(pg_lsclusters -h | head -1)
        if [ -z "$cluster" ]; then
            version=$(ls /usr/lib/postgresql | sort -n | tail -1)
            pg_createcluster "$version" main >/dev/null
            cluster=$(pg_lsclusters -h | head -1)
        fi
        set -- $cluster
        pg_ctlcluster "$1" "$2" start
    fi
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='opdcrawl'\"" | grep -q 1 \
        || su postgres -c "psql -qc \"CREATE ROLE opdcrawl LOGIN PASSWORD 'opdcrawl' CREATEDB\""
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='opdcrawl_test'\"" | grep -q 1 \
        || su postgres -c "createdb -O opdcrawl opdcrawl_test"
fi
