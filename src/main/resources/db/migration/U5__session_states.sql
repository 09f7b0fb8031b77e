-- Back to sessions that live and die with their account: the deleted accounts' sessions go.
DELETE FROM sessions WHERE account_id IS NULL;
ALTER TABLE sessions DROP CONSTRAINT sessions_account_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_account_id_fkey
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
ALTER TABLE sessions ALTER COLUMN account_id SET NOT NULL;

DROP INDEX sessions_state_changed_at_idx;
ALTER TABLE sessions DROP COLUMN state_changed_at, DROP COLUMN state_version;
