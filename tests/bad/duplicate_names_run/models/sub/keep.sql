SELECT 2 AS id, 'other' AS v
