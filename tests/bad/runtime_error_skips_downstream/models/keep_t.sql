SELECT * FROM smelt.ref('keep_v')
