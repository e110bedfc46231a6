SELECT * FROM smelt.ref('a')
