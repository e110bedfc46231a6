SELECT 1 AS id, 'from' AS v
