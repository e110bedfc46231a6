SELECT * FROM smelt.ref('b')
