#!/usr/bin/env bash
# Map step on GNU parallel, reduce step with merge: every case of an evidence share (each
# immediate subfolder or ZIP archive, as scan --batch takes them) is scanned as its own job, on
# this machine or on the hosts given with --sshlogin, one JSON report per case; then merge makes
# the combined report, equal to `scan --batch SHARE` (apart from the generated-at line and command).
#
#   scripts/parallel-scan.sh SHARE REPORTS_DIR COMBINED.json [GNU parallel options...]
#
#   scripts/parallel-scan.sh /mnt/evidence /mnt/reports/run-7 combined.json \
#       --sshlogin 4/analyst@ws1,4/analyst@ws2 --sshlogin :
#
# With remote hosts, SHARE and REPORTS_DIR must be mounted at the same absolute path on every
# host (an NFS/SMB evidence share, read-only, and a writable reports share), and dprk-triage
# installed on each. Environment:
#   DPRK_TRIAGE  the command to run (default: dprk-triage; e.g. "node /opt/dprk-triage/bin/run.js")
#   SCAN_ARGS    more scan flags, the same for every case (e.g. "--claimed-tz America/Chicago")
#   MERGE_ARGS   more merge flags (e.g. "--fail-on medium"; --rules must match the scans')
# Exit: merge's exit code; 5 when a case has no report (its job crashed: see the job log).
set -uo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,20p' "$0" >&2
  exit 2
fi
share=${1%/}
reports=$2
combined=$3
shift 3
if ! command -v parallel >/dev/null 2>&1; then
  echo "parallel-scan: GNU parallel is not installed (Debian/Ubuntu: apt-get install parallel)" >&2
  exit 127
fi
tool=${DPRK_TRIAGE:-dprk-triage}
mkdir -p "$reports" || exit 2
reports=$(cd "$reports" && pwd)

cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
find "$share" -mindepth 1 -maxdepth 1 ! -name '.*' \( -type d -o \( -type f -iname '*.zip' \) \) -print0 | LC_ALL=C sort -z > "$cases"

# one job per case; a case's exit code 1/3/5 still leaves its report (levels and failures are
# in it), so the jobs' codes are not fatal here: missing reports are
# shellcheck disable=SC2086
parallel --will-cite -0 --halt never --joblog "$reports/.joblog" "$@" \
  $tool scan {} --format json --out "$reports"/{/}.json --quiet ${SCAN_ARGS:-} < "$cases"

missing=0
while IFS= read -r -d '' c; do
  if [ ! -s "$reports/$(basename "$c").json" ]; then
    echo "parallel-scan: no report for case $c (see $reports/.joblog)" >&2
    missing=$((missing + 1))
  fi
done < "$cases"

# shellcheck disable=SC2086
$tool merge --from-dir "$reports" --out "$combined" ${MERGE_ARGS:-}
rc=$?
if [ "$rc" -eq 0 ] && [ "$missing" -gt 0 ]; then rc=5; fi
exit "$rc"
