"""Staff pages of the PACTE programme (namespace `pacte`)."""
