package t3
