SELECT a /* note FROM t
