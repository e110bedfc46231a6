SELECT count(*) AS n FROM smelt.ref('bad_child')
