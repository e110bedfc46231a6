SELECT max(version) AS version, count(*) AS n FROM smelt.ref('a')
