"""Crews of a unit, their on-duty roster, dispatch to cases and the crews' reports from the field."""
