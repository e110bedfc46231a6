SELECT 1 AS id, 'order' AS v
