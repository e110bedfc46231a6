SELECT id, v, w FROM smelt.ref('keep')
