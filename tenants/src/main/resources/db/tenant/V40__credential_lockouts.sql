-- Lockouts grow with repeated failures: how many times the credential has locked since it last opened.
-- The key id of a TOTP secret, so that key rotation can find the secrets still under an old key.
ALTER TABLE alt_credential ADD COLUMN lockouts integer NOT NULL DEFAULT 0;
ALTER TABLE alt_credential ADD COLUMN totp_key_id bigint;
-- Tink ciphertexts carry their key id in bytes 1..4 (big-endian), after the 0x01 version byte.
UPDATE alt_credential
   SET totp_key_id = (get_byte(totp_secret, 1)::bigint << 24) | (get_byte(totp_secret, 2)::bigint << 16)
                   | (get_byte(totp_secret, 3)::bigint << 8) | get_byte(totp_secret, 4)::bigint
 WHERE totp_secret IS NOT NULL AND length(totp_secret) > 5;
CREATE INDEX alt_credential_totp_key ON alt_credential (totp_key_id) WHERE totp_secret IS NOT NULL;
