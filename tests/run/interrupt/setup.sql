CREATE SCHEMA raw;
CREATE TABLE raw.events AS SELECT range::INTEGER AS id, 1 AS version FROM range(1000);
