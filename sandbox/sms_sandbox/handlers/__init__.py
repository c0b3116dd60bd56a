"""The request handlers, one module per job: sending, reading, Number Context, the sandbox's admin routes."""
