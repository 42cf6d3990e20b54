"""Writes and look-ups behind the views: views stay thin, these functions own the transactions."""
