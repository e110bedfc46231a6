SELECT CASE WHEN a > 1 'big' ELSE 'small' END FROM t
