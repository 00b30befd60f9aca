#!/usr/bin/env bash
# Drives POST /api/v1/device/verify with real photos over loopback for a bounded time (default 60 s) against the
# real test servers, then prints requests/s, p50/p95/p99 latency and errors (also written to api/target/verify-load.txt).
#   api/load/verify-load.sh [seconds] [workers] [devices] [frame-width: 0 = original photos, e.g. 640 = camera frames]
# Run from the repository root after `mvn -B -q -pl face-engine,api/devstack,tenants install -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-60}"
WORKERS="${2:-4}"
DEVICES="${3:-8}"
FRAME_WIDTH="${4:-0}"
exec mvn -B -pl api verify -Dtest=VerifyLoadRun -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsentry.test.excluded-groups=none \
  -Dload.seconds="$SECONDS_TO_RUN" -Dload.workers="$WORKERS" -Dload.devices="$DEVICES" -Dload.frame-width="$FRAME_WIDTH"
