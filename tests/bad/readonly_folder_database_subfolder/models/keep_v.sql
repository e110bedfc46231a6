SELECT id, v FROM smelt.ref('keep')
