SELECT x FROM smelt.ref('from_partial')
