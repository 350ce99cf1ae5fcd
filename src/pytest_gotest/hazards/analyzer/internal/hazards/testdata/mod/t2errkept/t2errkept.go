package t2errkept
