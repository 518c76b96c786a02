"""Acknowledging the console's alerts (a new urgent case, an SLA breach, an escalation) as events."""
