"""The customer community: forums and an idea board where customers sign in by e-mail link,
post ideas, questions, discussions and best practices, vote, and hear back when an idea's
status changes. Every post and comment is customer voice (a FeedbackItem, source forum)."""
