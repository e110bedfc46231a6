SELECT count(*) AS n FROM smelt.ref('keep'), range(1000000) a, range(1000000) b
