SELECT * FROM smelt.ref('bad')
