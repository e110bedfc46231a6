CREATE SCHEMA raw;
CREATE TABLE raw.events AS SELECT * FROM (VALUES (1, 'click', 'a1'), (2, 'view', '7')) AS t(id, kind, code);
