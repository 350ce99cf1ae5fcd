package t1
