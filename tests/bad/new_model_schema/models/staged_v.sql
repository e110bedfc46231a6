SELECT id FROM smelt.ref('staged')
