package t4neg
