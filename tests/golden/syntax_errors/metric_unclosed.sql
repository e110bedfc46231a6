SELECT smelt.metric('revenue', at => d FROM t
