-- Device health events (issue 18, webhooks part): when a device that stopped sending heartbeats was reported silent,
-- so that each silence is reported once (by whichever replica's sweep gets there first) and its end as "came back".
ALTER TABLE device ADD COLUMN silent_reported_at timestamptz;
CREATE INDEX device_silence_due ON device (last_seen_at) WHERE status = 'ACTIVE' AND silent_reported_at IS NULL;
