SELECT 1 AS id,
       'café' AS v
