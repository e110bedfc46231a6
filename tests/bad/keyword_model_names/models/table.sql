SELECT 1 AS id, 'table' AS v
