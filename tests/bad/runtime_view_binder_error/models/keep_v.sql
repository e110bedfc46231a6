SELECT id, v, missing_column
FROM smelt.ref('keep')
