package t2neg
