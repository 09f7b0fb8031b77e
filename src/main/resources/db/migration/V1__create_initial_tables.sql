-- The seed's accounts table. Username and email are unique case-insensitively.
CREATE TABLE accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_name  varchar(128),
    last_name   varchar(128),
    email       varchar(254) NOT NULL,
    username    varchar(32)  NOT NULL,
    password    varchar(255) NOT NULL,
    insert_time timestamptz  NOT NULL DEFAULT now(),
    update_time timestamptz  NOT NULL DEFAULT now(),
    status      varchar(16)  NOT NULL DEFAULT 'active',
    address     varchar(128),
    locality    varchar(128),
    state       varchar(128),
    CONSTRAINT accounts_status_check CHECK (status IN ('active', 'disabled'))
);

CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
