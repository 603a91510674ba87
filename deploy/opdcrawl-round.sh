#!/bin/sh
# One scheduled round for cron: load the settings file, then `opdcrawl round "$@"`.
# cron starts jobs with an almost empty environment and no EnvironmentFile=, so this
# script supplies what systemd's unit (deploy/systemd/opdcrawl-crawl.service) sets itself.
# The round's exit code is passed through unchanged (exec), so cron's mail and any
# monitoring see the failing step's code; see the README, "Kode keluar".
set -eu

OPDCRAWL_HOME=${OPDCRAWL_HOME:-/srv/opdcrawl}
OPDCRAWL_ENV_FILE=${OPDCRAWL_ENV_FILE:-/etc/opdcrawl/opdcrawl.env}
OPDCRAWL_BIN=${OPDCRAWL_BIN:-$OPDCRAWL_HOME/.venv/bin/opdcrawl}

if [ -r "$OPDCRAWL_ENV_FILE" ]; then
    set -a  # every NAME=value line becomes part of the crawl's environment
    . "$OPDCRAWL_ENV_FILE"
    set +a
fi
cd "$OPDCRAWL_HOME"
echo "opdcrawl-round: mulai $(date '+%Y-%m-%d %H:%M:%S %z')"
exec "$OPDCRAWL_BIN" round "$@"
