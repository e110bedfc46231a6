SELECT 1 AS id, 'group' AS v
