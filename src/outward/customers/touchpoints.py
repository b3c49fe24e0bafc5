"""The journey stages every installation starts with; editable afterwards."""

DEFAULT_TOUCHPOINTS: tuple[tuple[str, str, str], ...] = (
    ("marketing", "Marketing", "Ads, website, campaigns: what we promise."),
    ("sales", "Sales", "Quotes, demos, negotiation, the order."),
    ("onboarding", "Onboarding", "Getting started: set-up, training, first use."),
    ("delivery", "Delivery", "Shipping, lead times, installation dates."),
    ("usage", "Usage", "Living with the product day to day."),
    ("support", "Support", "Help desk, tickets, calls, chat."),
    ("billing", "Billing", "Invoices, payments, refunds."),
    ("field-service", "Field service", "Visits, repairs and maintenance on site."),
    ("renewal", "Renewal", "Contract renewal, upgrades, cancellation."),
)
