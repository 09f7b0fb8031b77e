ALTER TABLE accounts ADD COLUMN country varchar(128);
