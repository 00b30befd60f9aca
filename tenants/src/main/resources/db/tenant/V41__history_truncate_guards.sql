-- The consent history and the published notices refused UPDATE and DELETE row by row, but a TRUNCATE (which fires no
-- row trigger) emptied them. Like the audit log, they now refuse it too. (The api's runtime role has no TRUNCATE
-- right on any table anyway; these guards hold for the owner role as well.)
CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event
    FOR EACH STATEMENT EXECUTE FUNCTION consentry_immutable();
CREATE TRIGGER notice_version_no_truncate BEFORE TRUNCATE ON notice_version
    FOR EACH STATEMENT EXECUTE FUNCTION consentry_immutable();
