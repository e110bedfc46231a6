SELECT
    1 AS id,
    CAST('new' AS INTEGER) AS v
