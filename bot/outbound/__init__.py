"""What jobs/ calls back into: the sender, the timer, digest pages and scheduled messages."""
