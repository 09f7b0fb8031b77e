-- One comparison of names: the service's Java normalisation (NFKC + case folding, see
-- account.Identifier) stored beside username and email, unique, and the only thing lookups
-- compare. lower() follows the database's locale and disagrees with Java on some code points
-- (U+0130), which let one account be found under a spelling whose lockout count was another's.
ALTER TABLE accounts
    ADD COLUMN username_normalized varchar(255),
    ADD COLUMN email_normalized    varchar(1024);

-- lower() is what lookups compared until now, so no account changes who it is here; the service
-- rewrites the rows whose Java normalisation differs (non-ASCII names) when it starts.
UPDATE accounts SET username_normalized = lower(username), email_normalized = lower(email);

-- Rows written without the columns (a replica of the previous release during a rolling upgrade,
-- a hand-written INSERT) get the same stand-in; the service corrects them as above.
CREATE FUNCTION accounts_fill_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.username_normalized IS NULL THEN
        NEW.username_normalized := lower(NEW.username);
    END IF;
    IF NEW.email_normalized IS NULL THEN
        NEW.email_normalized := lower(NEW.email);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_fill_normalized BEFORE INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_fill_normalized();

ALTER TABLE accounts
    ALTER COLUMN username_normalized SET NOT NULL,
    ALTER COLUMN email_normalized SET NOT NULL;

-- beside the lower() uniques, which stay: a name is taken if either comparison says so
CREATE UNIQUE INDEX accounts_username_normalized_key ON accounts (username_normalized);
CREATE UNIQUE INDEX accounts_email_normalized_key ON accounts (email_normalized);
