ALTER TABLE accounts DROP COLUMN country;
