#!/bin/sh
# lc: the life-cycle logger of scenarios.md (mirrors the node-e2e ExecCommand harness).
# Usage: sh lc.sh NAME [START_DELAY] [DELAY] [EXIT] [TERM_SECS] [LOOP]
# Appends "<epoch-ms> NAME <Word> [arg]" lines to $(dirname $0)/log.
d=$(dirname "$0")
name=$1; start=${2:-0}; delay=${3:-0}; code=${4:-0}; term=${5:-0}; loop=${6:-0}
log() { echo "$(date +%s%3N) $name $*" >>"$d/log"; }
trap 'log Terminating $term; sleep $term; log Exiting; exit $code' TERM
log Starting "$start"
sleep "$start"
touch "$d/$name.started"
log Started
if [ "$loop" = 1 ]; then
    while true; do log Looping; sleep 1 & wait; done
fi
log Delaying "$delay"
sleep "$delay" & wait
log Exiting
exit "$code"
