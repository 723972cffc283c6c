"""HTTP surfaces of the gateway, one module each."""
