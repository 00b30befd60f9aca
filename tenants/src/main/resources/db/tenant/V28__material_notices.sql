-- Material notice versions (issue 13): when a new notice changes what a purpose does in a way that matters to the
-- subject, earlier grants of that purpose no longer cover it. They are not rewritten (the history is append-only):
-- the consent ledger derives NEEDS_RECONSENT for a grant given to a notice version older than the latest material one,
-- gates fall back to the alternatives, and the subject is asked to decide again.
ALTER TABLE notice_version ADD COLUMN material boolean NOT NULL DEFAULT false;
