-- One query per line, each bound by DuckDB and by smelt (tests/types.test.sh): smelt must report no
-- error for a query DuckDB accepts, and its column types must be DuckDB's wherever it claims one.
SELECT a, b FROM t
SELECT * FROM t JOIN t2 USING (a)
SELECT * FROM t NATURAL JOIN t2
SELECT t.a, t2.a FROM t, t2 WHERE t.a = t2.a
SELECT x.a FROM (SELECT a FROM t) x
SELECT a FROM t WHERE a IN (SELECT a FROM t2)
SELECT a, (SELECT max(z) FROM t2 WHERE t2.a = t.a) FROM t
SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.a = t.a)
SELECT b, count(*) FROM t GROUP BY b HAVING count(*) > 1
SELECT b, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC
SELECT b AS bb, count(*) FROM t GROUP BY bb
SELECT upper(b) AS u, count(*) FROM t GROUP BY upper(b)
SELECT a + 1 AS x, x * 2 AS y FROM t
SELECT a FROM t ORDER BY b
SELECT DISTINCT b FROM t ORDER BY b
SELECT a, rank() OVER (PARTITION BY b ORDER BY c) FROM t
SELECT a, sum(c) OVER w FROM t WINDOW w AS (PARTITION BY b)
SELECT a FROM t QUALIFY row_number() OVER (PARTITION BY b ORDER BY a) = 1
SELECT list_transform(l, x -> x + 1) FROM t
SELECT list_filter(l, x -> x > 1), list_reduce(l, (x, y) -> x + y) FROM t
SELECT s.x, s.y, t.s.x FROM t
SELECT s['x'], mp['k'], l[1], l[1:2] FROM t
SELECT j->>'$.a', j->'b' FROM t
SELECT unnest(l) FROM t
SELECT u FROM t, unnest(t.l) AS r(u)
SELECT * FROM range(10)
SELECT range FROM range(3)
SELECT * FROM generate_series(1, 3) AS g(n)
SELECT n FROM generate_series(1, 3) AS g(n)
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r
WITH x AS (SELECT a FROM t), y AS (SELECT a FROM x) SELECT * FROM y
SELECT * EXCLUDE (j, mp) FROM t
SELECT * REPLACE (a + 1 AS a) FROM t
SELECT COLUMNS('a|b') FROM t
SELECT a FROM t UNION SELECT a FROM t2 ORDER BY a
SELECT a FROM t UNION BY NAME SELECT z, a FROM t2
SELECT a FROM t INTERSECT SELECT a FROM t2
SELECT a FROM t EXCEPT ALL SELECT a FROM t2
SELECT CASE b WHEN 'x' THEN 1 WHEN 'y' THEN 2 END FROM t
SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END AS size FROM t
SELECT coalesce(b, 'none'), nullif(a, 0), ifnull(c, 0) FROM t
SELECT CAST(b AS INTEGER), b::INT, TRY_CAST(b AS DATE) FROM t
SELECT extract(year FROM d), date_part('month', d), year(d), d + INTERVAL 1 DAY, d - 1, ts - INTERVAL '1 hour' FROM t
SELECT date_trunc('month', d), strftime(d, '%Y'), d::TIMESTAMP FROM t
SELECT substring(b, 1, 2), substring(b FROM 1 FOR 2), trim(b), trim(both 'x' FROM b), position('a' IN b) FROM t
SELECT b || 'x', concat(b, a), length(b), lower(b) FROM t
SELECT a FROM t WHERE b LIKE 'a%' OR b ILIKE 'B%' OR b SIMILAR TO 'x.*'
SELECT a FROM t WHERE b IS NOT NULL AND c BETWEEN 1 AND 2 AND d IS DISTINCT FROM DATE '2020-01-01'
SELECT a FROM t WHERE d > '2020-01-01' AND ts < now() AND a = '5'
SELECT current_date, current_timestamp, today()
SELECT 1 AS x WHERE 1 = 1
SELECT 1
VALUES (1, 'a'), (2, 'b')
SELECT * FROM (VALUES (1, 'a')) v(k, w)
SELECT t.* FROM t
SELECT t.*, t2.z FROM t LEFT JOIN t2 ON t.a = t2.a
SELECT a FROM t LIMIT 5 OFFSET 2
SELECT a FROM t ORDER BY a NULLS LAST
SELECT sum(c) FILTER (WHERE a > 1), count(DISTINCT b), string_agg(b, ',' ORDER BY a) FROM t
SELECT array_agg(a ORDER BY c DESC), list(b), min(d), max(ts), any_value(b), arg_max(a, c) FROM t
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c) FROM t
SELECT quantile_cont(c, 0.5), median(a), mode(b), stddev(f), corr(f, c) FROM t
SELECT b, grouping(b), sum(c) FROM t GROUP BY ROLLUP (b)
SELECT b, d, sum(c) FROM t GROUP BY CUBE (b, d)
SELECT b, d, sum(c) FROM t GROUP BY GROUPING SETS ((b), (d), ())
SELECT * FROM t ASOF JOIN t2 ON t.a >= t2.a
SELECT * FROM t POSITIONAL JOIN t2
SELECT * FROM t SEMI JOIN t2 ON t.a = t2.a
SELECT * FROM t ANTI JOIN t2 USING (a)
SELECT a FROM t, LATERAL (SELECT t.a + 1 AS b2) x
SELECT * FROM t LEFT JOIN LATERAL (SELECT z FROM t2 WHERE t2.a = t.a LIMIT 1) x ON true
SELECT [1, 2, 3], {'k': 1}, MAP {'a': 1}, [a, e] FROM t
SELECT struct_pack(k := 1, v := b) FROM t
SELECT a::VARCHAR || b FROM t
SELECT round(c, 1), round(f), ceil(c), floor(h), abs(e), sign(f), sqrt(f), power(f, 2), f ** 2, a // 2, a % 3 FROM t
SELECT greatest(a, e), least(c, h) FROM t
SELECT a FROM t WHERE a = ANY (SELECT a FROM t2)
SELECT if(a > 1, 'x', 'y') FROM t
SELECT a FROM t GROUP BY ALL
SELECT b, count(*) FROM t GROUP BY ALL ORDER BY ALL
FROM t SELECT a
FROM t
SELECT a AS "Quoted Name", "a" FROM t
SELECT T.A FROM T
SELECT regexp_extract(b, '[0-9]+'), regexp_matches(b, 'x'), split_part(b, ',', 1) FROM t
SELECT md5(b), hash(a), gen_random_uuid() FROM t
SELECT epoch_ms(ts), make_date(2020, 1, 1), age(ts), date_diff('day', d, d) FROM t
SELECT a FROM t WHERE (a, b) IN (SELECT a, z FROM t2)
SELECT count(*) FROM t t1 JOIN t t2 ON t1.a = t2.a
SELECT x.y FROM (SELECT s AS y FROM t) AS x
SELECT (s).x FROM t
SELECT a FROM t WHERE a > (SELECT avg(a) FROM t)
SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 3)
SELECT sum(a) OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t
SELECT lag(a, 1, 0) OVER (ORDER BY d), lead(b) OVER (ORDER BY d), first_value(a) OVER (ORDER BY d), ntile(4) OVER () FROM t
SELECT a FROM t WHERE b = ANY(['x', 'y'])
SELECT list_contains(l, 1), array_length(l), len(l) FROM t
SELECT b AS a FROM t WHERE a > 1
SELECT a + 1 AS x FROM t ORDER BY x * 2
SELECT b AS k, count(*) FROM t GROUP BY k HAVING k IS NOT NULL
SELECT a AS x, (SELECT x + 1) AS y FROM t
SELECT sum(a) AS s FROM t ORDER BY s
SELECT a AS b, b AS a FROM t ORDER BY a
SELECT b, count(*) c FROM t GROUP BY b ORDER BY count(*) DESC
SELECT a FROM t ORDER BY (SELECT 1)
SELECT a, row_number() OVER (ORDER BY a) AS rn FROM t QUALIFY rn = 1
SELECT list_transform(l, x -> x + a) FROM t
SELECT d::DATE - INTERVAL 1 MONTH FROM t
SELECT 'a' || 1
SELECT a, sum(c) FROM t GROUP BY a, b
SELECT t.a, count(*) FROM t GROUP BY a
SELECT upper(b), count(*) FROM t GROUP BY b
SELECT b || 'x', count(*) FROM t GROUP BY b || 'x'
SELECT CASE WHEN a > 0 THEN b END, count(*) FROM t GROUP BY CASE WHEN a > 0 THEN b END
SELECT DISTINCT ON (b) b, a FROM t ORDER BY b, a
SELECT a FROM t UNION ALL SELECT a FROM t2 ORDER BY 1 LIMIT 2
(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT a FROM t2 ORDER BY a LIMIT 1)
SELECT * FROM t WHERE a = (SELECT a FROM t2 LIMIT 1)
SELECT "t"."a" FROM "t"
SELECT sum(x) FROM (SELECT a AS x FROM t) GROUP BY ALL
SELECT x.* FROM (SELECT 1 AS a) x
SELECT b.a FROM t AS b
SELECT s.x FROM t s
SELECT t.a FROM t AS "T"
SELECT main.t.a FROM main.t
SELECT t2.* EXCLUDE (z) FROM t2
SELECT x FROM t, LATERAL (SELECT a AS x)
SELECT y FROM t, (SELECT t.a + 1 AS y)
SELECT count(*) FROM t HAVING count(*) > 1
SELECT a, count(*) OVER () FROM t GROUP BY a
SELECT a, sum(sum(c)) OVER () FROM t GROUP BY a
WITH t AS (SELECT 1 AS q) SELECT q FROM t
WITH x AS (SELECT a FROM t) SELECT * FROM x, x AS x2 WHERE x.a = x2.a
SELECT * FROM t JOIN t2 USING (A)
SELECT t.a, t2.a FROM t JOIN t2 USING (a)
SELECT a FROM t FULL JOIN t2 USING (a)
SELECT a, b FROM t WHERE (a, b) = (1, 'x')
SELECT * FROM t t1, t t2 WHERE t1.a = t2.a
SELECT a FROM t GROUP BY a HAVING sum(c) > (SELECT avg(c) FROM t)
SELECT b, max(a) FILTER (WHERE a > 0) FROM t GROUP BY b
SELECT b FROM t WHERE a IN (SELECT a FROM t2 WHERE z = b)
SELECT a FROM t WHERE EXISTS (SELECT * FROM t2 WHERE t2.a = t.a AND t2.z = t.b)
SELECT (SELECT count(*) FROM t2 WHERE t2.a = t.a) AS n, a FROM t
SELECT a, b FROM t ORDER BY a DESC NULLS FIRST, b ASC
SELECT a FROM t WHERE b IS NULL OR b = ''
SELECT s FROM t
SELECT s.* FROM t
SELECT l[1] + 1 FROM t
SELECT mp['k'] + 1 FROM t
SELECT a FROM t WHERE bo
SELECT a FROM t WHERE NOT bo AND bo IS TRUE
SELECT CAST(c AS DECIMAL(10, 4)) * 2 FROM t
SELECT c * 1.0 / h FROM t
SELECT round(avg(c), 2) FROM t
SELECT date_diff('day', d, current_date) FROM t
SELECT a FROM t WHERE d >= DATE '2020-01-01' - INTERVAL 30 DAY
SELECT strftime(ts, '%Y-%m') AS m, count(*) FROM t GROUP BY m
SELECT a FROM t WHERE ts BETWEEN '2020-01-01' AND '2020-12-31'
SELECT a FROM t WHERE c > 0 AND c < 100.5
SELECT sum(CASE WHEN bo THEN 1 ELSE 0 END) FROM t
SELECT count(*) FILTER (WHERE bo) * 100.0 / count(*) FROM t
SELECT coalesce(sum(c), 0) FROM t
SELECT a FROM t WHERE b NOT IN ('x', 'y')
SELECT x FROM (SELECT a AS x FROM t UNION SELECT a FROM t2) u
SELECT * FROM (SELECT a FROM t) JOIN (SELECT a AS aa FROM t2) ON a = aa
SELECT a.a FROM t a
SELECT t.a FROM t, t2 WHERE t.a = t2.a AND t2.z LIKE '%x'
SELECT a FROM t WHERE a = 1 ORDER BY b
SELECT max(a) AS m FROM t GROUP BY b ORDER BY m
SELECT b FROM t GROUP BY b ORDER BY max(a)
SELECT a % 2 AS parity, count(*) FROM t GROUP BY parity
SELECT a FROM t WHERE a = ANY([1, 2])
SELECT a FROM t WHERE a > ALL (SELECT a FROM t2)
SELECT a::VARCHAR AS s FROM t UNION SELECT z FROM t2
SELECT count(DISTINCT (a, b)) FROM t
SELECT first(a ORDER BY c) FROM t
SELECT list(a) FILTER (WHERE a > 0) FROM t
SELECT hash(a, b), a FROM t
SELECT e + a * c FROM t
SELECT -a, +c, ~a FROM t
SELECT 10 // 3, 10 % 3, 2 ^ 3, 2 ** 3
SELECT a FROM t WHERE b ~ 'x'
SELECT a, b, c FROM t ORDER BY ALL
SELECT * FROM t ORDER BY ALL DESC
SELECT t.* EXCLUDE (a), t2.z FROM t JOIN t2 ON t.a = t2.a
