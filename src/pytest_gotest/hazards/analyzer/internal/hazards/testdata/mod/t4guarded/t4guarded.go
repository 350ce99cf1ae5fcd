package t4guarded
