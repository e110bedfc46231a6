SELECT 1 AS id, 'new' AS v, missing AS w
FROM range(1)
