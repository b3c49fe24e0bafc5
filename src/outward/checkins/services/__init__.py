"""Writes of the check-ins app: the churn-risk refit, the daily proposals, and outcomes."""
