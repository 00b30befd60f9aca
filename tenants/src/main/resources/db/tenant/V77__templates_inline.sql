-- A template's ciphertext (about 2.1 kB for one 512-float vector) made each row just too large for PostgreSQL's
-- default of about 2 kB per tuple, so every ciphertext was first run through compression (random bytes never
-- compress) and then stored out of line in two TOAST chunks: a gallery's cold load read each template through the
-- TOAST index. Rows up to about 4 kB now stay in the table's own pages, and compression is never tried.
ALTER TABLE biometric_template SET (toast_tuple_target = 4080);
ALTER TABLE biometric_template ALTER COLUMN ciphertext SET STORAGE EXTERNAL;

-- Rows written before this: a new value (the same bytes) is stored under the new rules, inline.
UPDATE biometric_template SET ciphertext = ciphertext || ''::bytea;
