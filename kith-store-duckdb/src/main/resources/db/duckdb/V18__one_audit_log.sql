-- Schema version 18: one audit log. The console's staff actions were kept in staff_audit (no client address) and read
-- together with audit_log; the console now writes them to audit_log through the audit log's background writer, with the
-- address they came from. The entries of earlier versions move over as they were read (no address, status 0).
INSERT INTO audit_log (logged_at, actor, action, target, origin, status)
    SELECT logged_at, 'staff:' || username, 'console ' || action, profile_id, '', 0 FROM staff_audit;
DROP TABLE staff_audit;
