SELECT * FROM smelt.ref('revenue')
