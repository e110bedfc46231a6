SELECT version FROM smelt.ref('after')
