"""SME AI Advisor: AI readiness and programme fit for Singapore SMEs."""
