SELECT 1 AS id, 'select' AS v
