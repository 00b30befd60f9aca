-- Only the subject can decide (issue 13): invitations reach the subject through a channel the admin does not read,
-- and every consent change and enrolment is announced to the subject's own address.

-- Mail to data subjects (invitations, contact codes, notices with receipts), written in the transaction that decides
-- it and sent after commit, with retries: an SMTP outage delays a notice but never loses it or fails the decision.
-- The whole message (recipient, subject line, text, attachments) is tenant-AEAD ciphertext bound to the row id, so the
-- table never shows an invitation link or a code in clear; a row is deleted once the SMTP server accepted it.
CREATE TABLE mail_outbox (
    seq             bigserial     PRIMARY KEY,
    id              uuid          NOT NULL UNIQUE,
    kind            varchar(32)   NOT NULL,
    ciphertext      bytea         NOT NULL,
    key_id          bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    last_error      varchar(500),
    next_attempt_at timestamptz   NOT NULL
);

-- When the subject last proved they receive mail at their contact address (an e-mailed invitation redeemed, or a
-- contact code entered). An admin's change of the address clears it.
ALTER TABLE subject ADD COLUMN contact_verified_at timestamptz;

-- How an invitation travels (EMAIL: the link is mailed to the subject; LETTER: printed or shown in person, and
-- redeeming it needs a one-time code mailed to the subject), and how a session was opened (EMAIL_LINK, LETTER_CODE).
ALTER TABLE portal_token ADD COLUMN channel varchar(16)
    CHECK (channel IS NULL OR channel IN ('EMAIL', 'LETTER', 'EMAIL_LINK', 'LETTER_CODE'));
-- The address an invitation link or a contact code was mailed to: a redemption verifies the subject's contact only
-- while it is still that address (blanked on erasure).
ALTER TABLE portal_token ADD COLUMN sent_to varchar(320);
-- The one-time contact code of a LETTER invitation: only its SHA-256, its expiry, and how often it was sent and missed.
ALTER TABLE portal_token ADD COLUMN contact_code_hash bytea;
ALTER TABLE portal_token ADD COLUMN contact_code_expires_at timestamptz;
ALTER TABLE portal_token ADD COLUMN contact_code_sends integer NOT NULL DEFAULT 0;
ALTER TABLE portal_token ADD COLUMN contact_code_failures integer NOT NULL DEFAULT 0;

-- Before this migration the admin received every invitation token and could redeem it, and whoever redeemed it got
-- the personal link: neither proves that the subject acted. Open invitations and personal links are revoked; the
-- subject gets a new invitation by e-mail. (Short portal sessions expire on their own within hours.)
UPDATE portal_token SET revoked_at = now()
 WHERE kind IN ('INVITATION', 'PERSONAL') AND revoked_at IS NULL AND redeemed_at IS NULL;
