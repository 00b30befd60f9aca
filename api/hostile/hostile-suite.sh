#!/usr/bin/env bash
# The hostile-input suite (io.consentry.hostile.HostileInputSuite, tag "hostile", not part of `mvn verify`): every
# operation of the OpenAPI document gets malformed, mistyped, duplicated-key, trailing-garbage, NUL-bearing, oversized,
# deeply nested and wrongly authorised requests, concurrent duplicate writes, and every image route hostile images —
# at least 5,000 requests over loopback against the real test servers. It fails on any 5xx, any 4xx that is not a
# problem document and any invalid request that succeeds, and checks that the platform stays ready and the tenant's
# audit log still verifies. Prints the counts; the report is written to api/target/hostile-report.txt.
# Run from the repository root after `mvn -B -q install -DskipTests` (extra Maven options may follow, e.g.
# -Dmaven.repo.local=...). Takes a few minutes; it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -pl api verify -DskipITs -Dtest=HostileInputSuite -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsentry.test.excluded-groups=none "$@"
