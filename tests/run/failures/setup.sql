CREATE SCHEMA raw;
CREATE TABLE raw.items AS SELECT * FROM (VALUES (1, '10'), (2, 'x2')) AS t(id, code);
