SELECT 1 AS id, 'new' AS v;
SELECT 2 AS id, 'newer' AS v;
