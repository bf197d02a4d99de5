"""The club's sessions on a clock: the agenda posted before each meeting."""
