package t2
