SELECT 2 AS id, 'upper' AS v
