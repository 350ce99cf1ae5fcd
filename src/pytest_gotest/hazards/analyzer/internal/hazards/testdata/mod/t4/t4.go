package t4
