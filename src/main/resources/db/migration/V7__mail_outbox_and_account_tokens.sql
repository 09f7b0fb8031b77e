-- Mail waiting to be sent. A row is written in the transaction of the change it tells about and
-- delivered afterwards by the outbox worker of any replica: claimed with FOR UPDATE SKIP LOCKED
-- and a lease, so each message is handled by one replica at a time and a crashed replica's
-- claim runs out. params holds what the message is made from (never a token: links are minted
-- when the message is sent) and is cleared once the message is done.
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            varchar(64)  NOT NULL,
    recipient       varchar(254),
    params          text,
    locale          varchar(35),
    message_id      varchar(255) NOT NULL,
    request_id      varchar(128),
    status          varchar(16)  NOT NULL DEFAULT 'pending',
    attempts        integer      NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL,
    next_attempt_at timestamptz  NOT NULL,
    expires_at      timestamptz,
    lease_until     timestamptz,
    lease_id        uuid,
    last_error      varchar(512),
    done_at         timestamptz,
    CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending', 'sent', 'failed', 'dropped', 'expired'))
);
-- what the worker claims next, and the pending count and age for metrics and health
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
-- what the cleanup deletes
CREATE INDEX mail_outbox_done_idx ON mail_outbox (done_at) WHERE status <> 'pending';

-- Single-use tokens mailed to an account: email verification, password reset, email change and
-- its undo. Only a SHA-256 of each token is kept. email is the address the token was sent to and
-- speaks for; a token whose address is no longer the account's (or, for a change, is taken)
-- does nothing.
CREATE TABLE account_tokens (
    token_hash varchar(64)  PRIMARY KEY,
    account_id bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    varchar(32)  NOT NULL,
    email      varchar(254) NOT NULL,
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz,
    CONSTRAINT account_tokens_purpose_check
        CHECK (purpose IN ('verify_email', 'password_reset', 'email_change', 'email_change_undo'))
);
CREATE INDEX account_tokens_account_id_idx ON account_tokens (account_id, purpose);
