-- A file read by its path is not an undeclared table: no warning here.
SELECT e.* FROM 'data/events.parquet' AS e
