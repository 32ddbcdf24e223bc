"""Pages of campaigns: one module per user (organiser's set-up and stages, reviewer, applicant)."""
