SELECT list_transform(xs, x -> ) FROM t
