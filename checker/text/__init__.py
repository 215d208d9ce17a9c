"""Text helpers shared by body finding, the outline and the checks."""
