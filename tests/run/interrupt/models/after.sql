SELECT version FROM smelt.ref('slow')
