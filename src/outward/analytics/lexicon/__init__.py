"""Word lists the analytics core scores text with: plain Python data, no code that runs on text."""
