"""Writes of the surveys app, one module per area: building surveys, answering them,
inviting customers (contact rules, e-mail, reminders, opt-outs, bounces) and the coverage
scheduler."""
