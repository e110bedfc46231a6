-- Set operations with precedence and parenthesised operands, grouping sets, FETCH FIRST.
(
    SELECT region, product, sum(amount) AS total
    FROM smelt.ref('sales')
    GROUP BY GROUPING SETS ((region, product), (region), ())
    HAVING sum(amount) > 0
    UNION ALL
    SELECT region, NULL, sum(amount) FROM smelt.ref('returns') GROUP BY ROLLUP (region)
)
INTERSECT
SELECT region, product, total FROM smelt.ref('approved_totals')
EXCEPT DISTINCT
(SELECT region, product, total FROM smelt.ref('excluded') WHERE EXISTS (SELECT 1 FROM smelt.ref('flags')))
UNION BY NAME
VALUES ('none', 'none', 0)
ORDER BY 1 NULLS FIRST, 3 DESC
FETCH FIRST 50 ROWS ONLY;
