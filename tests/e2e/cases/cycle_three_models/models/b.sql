-- reads a
SELECT * FROM smelt.ref('a')
