"""Proactive check-ins: a churn-risk model, and the customers worth calling when nothing is
wrong yet (at risk, silent, or due a service)."""
