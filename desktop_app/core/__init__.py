"""The form's domain: model, amounts, totals, checks, the draft file and JSON. No Qt here."""
