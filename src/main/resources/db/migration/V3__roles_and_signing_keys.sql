-- Roles and verification state on accounts; the JWT signing keys every replica shares.
ALTER TABLE accounts
    ADD COLUMN roles          varchar(255) NOT NULL DEFAULT 'user',
    ADD COLUMN email_verified boolean      NOT NULL DEFAULT false;

CREATE TABLE signing_keys (
    kid         varchar(64)  PRIMARY KEY,
    algorithm   varchar(16)  NOT NULL,
    public_jwk  text         NOT NULL,
    private_key text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
