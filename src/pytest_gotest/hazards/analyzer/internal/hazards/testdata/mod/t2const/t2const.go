package t2const
