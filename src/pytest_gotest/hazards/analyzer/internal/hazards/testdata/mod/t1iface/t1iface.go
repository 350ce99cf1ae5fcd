package t1iface
