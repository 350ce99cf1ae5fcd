package t1neg
