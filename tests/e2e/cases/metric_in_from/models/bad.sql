SELECT * FROM smelt.metric('revenue')
