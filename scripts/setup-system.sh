#!/bin/sh
# Installs and starts what opdcrawl needs from Debian on a fresh machine:
# Chromium (scrapy-playwright, HTML report screenshots), PostgreSQL (tests), systemd-analyze
# (checks the shipped systemd units) and Debian's
# stock WordPress with PHP and MariaDB (the crawl tests against real WordPress).
# Safe to run again: it only installs what is missing and only starts what is stopped.
set -eu

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
# systemd-analyze checks the shipped units (tests/test_schedule_files.py).
if [ "${OPDCRAWL_NEED_SYSTEMD:-1}" = 1 ]; then
    command -v systemd-analyze >/dev/null 2>&1 || need="$need systemd"
fi
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

# Stock WordPress for tests/test_stock_wordpress.py. The tests run their own MariaDB and
# `php -S` on loopback, so the packages' own services are kept from starting while they
# install (Apache on port 80, MariaDB on 3306: neither is used).
if [ "${OPDCRAWL_NEED_WORDPRESS:-1}" = 1 ]; then
    wp_need=""
    for package in wordpress wordpress-l10n wordpress-theme-twentytwentyone \
        wordpress-theme-twentytwentytwo wordpress-theme-twentytwentythree php-cli php-mysql php-xml \
        mariadb-server; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
            || wp_need="$wp_need $package"
    done
    if [ -n "$wp_need" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "setup-system: installing$wp_need"
            [ -n "$need" ] || apt-get update -qq
            own_policy=0
            if [ ! -e /usr/sbin/policy-rc.d ]; then
                printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
                chmod +x /usr/sbin/policy-rc.d
                own_policy=1
            fi
            status=0
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                $wp_need >/dev/null || status=$?
            [ "$own_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
            [ "$status" = 0 ] || exit "$status"
        else
            echo "setup-system: missing$wp_need; run as root or install them with apt-get" >&2
            exit 1
        fi
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
