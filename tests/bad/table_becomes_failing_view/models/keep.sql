SELECT id, no_such_column AS v
FROM range(1) AS t(id)
