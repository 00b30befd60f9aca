-- 1:N identification is judged by a target false-positive identification rate (FPIR) at the gallery's size, not by
-- a per-pair FAR: the best of N impostor scores grows with N. Existing sites that identify get the default 1 %.
-- max_fnir: optional ceiling on the share of members a site accepts to miss; null = the model pack's own ceiling.
ALTER TABLE site_policy ADD COLUMN target_fpir double precision;
ALTER TABLE site_policy ADD COLUMN max_fnir double precision;
UPDATE site_policy SET target_fpir = 0.01 WHERE methods LIKE '%FACE_1_N%';
