"""Improvement initiatives, designed with the affected customers and validated by them."""
