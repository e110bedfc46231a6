UPDATE keep SET v = 'changed'
