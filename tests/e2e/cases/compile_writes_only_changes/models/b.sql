SELECT x FROM smelt.ref('a')
