COPY keep TO 'keep.csv'
