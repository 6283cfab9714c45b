"""Authentication overrides for xlwings Server (imported as the top-level ``auth``)."""
