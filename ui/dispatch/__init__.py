"""Dispatching crews: the crew board (live crews, suggestion, drag-and-drop dispatch), alerts that must be
acknowledged, and the crews layer of the map."""
