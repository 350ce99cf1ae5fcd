package t2xtests
