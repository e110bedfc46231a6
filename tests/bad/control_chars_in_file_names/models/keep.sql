SELECT 1 AS id, 'old' AS v
