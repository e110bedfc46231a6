SELECT id, error('no value for ' || id) AS v
FROM range(3) AS t(id)
