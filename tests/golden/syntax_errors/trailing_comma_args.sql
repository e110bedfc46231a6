SELECT coalesce(a, ) FROM t
