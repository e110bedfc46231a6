SELECT count(*) AS n FROM smelt.ref('good')
