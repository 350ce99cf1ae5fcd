package t4early
