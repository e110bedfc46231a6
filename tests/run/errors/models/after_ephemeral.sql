-- @materialize: table
SELECT e.id,
       f.kind
FROM smelt.ref('events') AS e
JOIN smelt.ref('events') AS f ON f.id = e.id
WHERE CAST(e.code AS INTEGER) > 0
