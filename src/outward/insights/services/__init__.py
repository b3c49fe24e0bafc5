"""The insights app's writes: theme assignment, refits, theme edits, recall reviews."""
