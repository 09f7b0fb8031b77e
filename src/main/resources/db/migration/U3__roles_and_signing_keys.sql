DROP TABLE signing_keys;
ALTER TABLE accounts DROP COLUMN email_verified, DROP COLUMN roles;
