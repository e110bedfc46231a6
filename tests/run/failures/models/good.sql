SELECT id FROM smelt.ref('base')
