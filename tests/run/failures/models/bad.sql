-- Fails: 'x2' is not an integer.
SELECT id,
       CAST(code AS INTEGER) AS code_number
FROM smelt.ref('base')
