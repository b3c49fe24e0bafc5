"""The customer-service programme: its written policy, training records, funding plan, and
the checklist that assesses the programme from the evidence the system holds."""
