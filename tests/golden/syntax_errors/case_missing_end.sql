SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' FROM t
