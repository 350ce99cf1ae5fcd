package t3neg
