"""The crew chat of a case: read receipts, and turning a crew message into a public update."""
