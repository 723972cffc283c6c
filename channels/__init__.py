"""Channel adapters: one subpackage per channel, each behind :mod:`channels.base`."""
