DROP TRIGGER accounts_fill_normalized ON accounts;
DROP FUNCTION accounts_fill_normalized();
ALTER TABLE accounts DROP COLUMN email_normalized, DROP COLUMN username_normalized;
