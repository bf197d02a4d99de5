"""Weekly reminders: what they say (pure) and the daily run that sends them."""
