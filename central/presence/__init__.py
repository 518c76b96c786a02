"""Who is looking at or editing a case right now (heartbeats that expire), so work is not done twice."""
