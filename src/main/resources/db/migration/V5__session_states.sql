-- Sessions are the allow-list every token is checked against (README, "Security model").
-- A version raised by every change, so a copy of a session's state in Redis is only ever
-- replaced by a newer one; when the state last changed, so a replica can re-write recent
-- changes into Redis after an outage or a failover.
ALTER TABLE sessions
    ADD COLUMN state_version    bigint      NOT NULL DEFAULT 0,
    ADD COLUMN state_changed_at timestamptz;
UPDATE sessions SET state_changed_at = coalesce(revoked_at, created_at);
ALTER TABLE sessions ALTER COLUMN state_changed_at SET NOT NULL;
ALTER TABLE sessions ALTER COLUMN state_version DROP DEFAULT;
CREATE INDEX sessions_state_changed_at_idx ON sessions (state_changed_at);

-- A deleted account's sessions stay, revoked and without an account, so every replica can tell
-- their tokens are dead even after Redis forgot; they no longer cascade away with the account.
ALTER TABLE sessions ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE sessions DROP CONSTRAINT sessions_account_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_account_id_fkey
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL;
