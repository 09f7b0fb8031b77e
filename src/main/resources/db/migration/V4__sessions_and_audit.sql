-- Sessions (one per login), their rotating refresh tokens, and the audit trail.
CREATE TABLE sessions (
    id             uuid         PRIMARY KEY,
    account_id     bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at     timestamptz  NOT NULL,
    last_used_at   timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(32),
    user_agent     varchar(512),
    ip             varchar(64)
);
CREATE INDEX sessions_account_id_idx ON sessions (account_id);

-- Only a SHA-256 of each refresh token is kept; used_at marks a rotated token.
CREATE TABLE refresh_tokens (
    token_hash varchar(64)  PRIMARY KEY,
    session_id uuid         NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);

-- No foreign key to accounts: the trail outlives deleted accounts.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz  NOT NULL,
    action      varchar(64)  NOT NULL,
    outcome     varchar(16)  NOT NULL,
    actor_id    bigint,
    actor       varchar(254),
    target      varchar(254),
    ip          varchar(64),
    request_id  varchar(128),
    details     varchar(1024)
);
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
