"""Kontakta vårdlotsen: messages and "Ring upp mig" for patients and their helpers, and the
vårdlots team's inbox, conversations, callback queue and answer templates. The blueprints are
in `blueprints`, so that the staff area's frame can count the inbox (`inbox`) without importing
the blueprints it frames."""
