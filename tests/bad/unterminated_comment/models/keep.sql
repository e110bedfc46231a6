SELECT 1 AS id, /* the new value
'new' AS v
