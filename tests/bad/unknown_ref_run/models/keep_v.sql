SELECT id, v
FROM smelt.ref('kepe')
