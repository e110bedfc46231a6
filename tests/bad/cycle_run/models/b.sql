SELECT * FROM smelt.ref('c')
