#!/usr/bin/env bash
# Drives POST /api/v1/device/verify with real photos over loopback for a bounded time (default 60 s) against the
# real test servers, then prints requests/s, p50/p95/p99 latency and errors (also written to api/target/verify-load.txt).
#   api/load/verify-load.sh [seconds] [workers] [devices] [frame-width: 0 = original photos, e.g. 640 = camera frames]
# One command from a fresh clone (JDK 17+, Maven, Node 20+, as the README's run command): it first builds and installs
# what the api needs without running their tests (parent POM, face engine with its model packs, tenants, ui, api, and
# the devstack jar the api's tests start the real servers from; it is no Maven dependency of the api, so -am alone
# would not build it), then runs only the load test. Set LOAD_SKIP_BUILD=1 to reuse that build on a repeated run.
# The photos are read from ../shared/testdata (or -Dconsentry.testdata / CONSENTRY_TESTDATA).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-60}"
WORKERS="${2:-4}"
DEVICES="${3:-8}"
FRAME_WIDTH="${4:-0}"
if [ "${LOAD_SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -pl api,api/devstack -am install -DskipTests
fi
# -DskipITs: the two-replica failsafe ITs are not part of a load run
exec mvn -B -pl api verify -DskipITs -Dtest=VerifyLoadRun -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsentry.test.excluded-groups=none \
  -Dload.seconds="$SECONDS_TO_RUN" -Dload.workers="$WORKERS" -Dload.devices="$DEVICES" -Dload.frame-width="$FRAME_WIDTH"
