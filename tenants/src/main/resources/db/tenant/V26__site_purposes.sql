-- Sites serve purposes (issue 13): each face method of a site's policy names the purpose it runs under, and a gate
-- checks the subject's consent to exactly that purpose. Consent to another purpose of the same kind opens nothing.
ALTER TABLE site_policy ADD COLUMN verification_purpose_id uuid REFERENCES purpose (id);
ALTER TABLE site_policy ADD COLUMN identification_purpose_id uuid REFERENCES purpose (id);

-- Policies saved before this migration named no purpose. Where the tenant has exactly one live purpose of the
-- method's kind, the method runs under that one (it is the only purpose the subject can have consented to for it).
-- Otherwise the column stays empty: the face method remains ticked but every face decision of the site answers
-- FALLBACK_REQUIRED (reason purpose_not_set) until an admin picks a purpose — fail closed, never a guess.
UPDATE site_policy SET verification_purpose_id = (
        SELECT id FROM purpose WHERE kind = 'FACE_VERIFICATION' AND retired_at IS NULL)
 WHERE ',' || methods || ',' LIKE '%,FACE_1_1,%'
   AND (SELECT count(*) FROM purpose WHERE kind = 'FACE_VERIFICATION' AND retired_at IS NULL) = 1;

UPDATE site_policy SET identification_purpose_id = (
        SELECT id FROM purpose WHERE kind = 'FACE_IDENTIFICATION' AND retired_at IS NULL)
 WHERE ',' || methods || ',' LIKE '%,FACE_1_N,%'
   AND (SELECT count(*) FROM purpose WHERE kind = 'FACE_IDENTIFICATION' AND retired_at IS NULL) = 1;
