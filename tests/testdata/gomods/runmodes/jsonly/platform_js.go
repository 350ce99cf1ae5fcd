package jsonly

func platform() string { return "js" }
