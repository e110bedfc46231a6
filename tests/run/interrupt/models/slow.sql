SELECT version, 0 AS n FROM smelt.ref('b')
