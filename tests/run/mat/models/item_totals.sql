-- @materialize: table
SELECT count(*) AS n, sum(double_price) AS total
FROM smelt.ref('priced')
