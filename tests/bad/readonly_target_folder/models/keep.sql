SELECT 1 AS id, 'new' AS v
