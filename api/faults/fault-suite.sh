#!/usr/bin/env bash
# The fault suite (io.consentry.faults.FaultSuite, tag "fault", not part of `mvn verify`): PostgreSQL, S3 and Keycloak
# of the real test stack are each stopped while enrolments, withdrawals and erasures run and a key rotation has just
# started, then started again on the same port and data, with the api running throughout. It fails on any consent
# event answered as recorded but missing, any biometric data left without its consent or of an erased subject
# (database or bucket), any operation half done, any answer that is not a success or a 503 problem document, a
# rotation that does not complete by itself, and an audit log that does not verify. Prints the counts; the report is
# written to api/target/fault-report.txt.
# Run from the repository root after `mvn -B -q install -DskipTests` (extra Maven options may follow, e.g.
# -Dmaven.repo.local=...). Takes about ten minutes (Keycloak restarts slowly); it stops by itself and talks to
# loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -pl api verify -DskipITs -Dtest=FaultSuite -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsentry.test.excluded-groups=none "$@"
