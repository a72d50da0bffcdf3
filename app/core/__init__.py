"""The shared kernel: what every area builds on, and nothing that belongs to one area.

Transactions commit in the service layer: a service function commits what it changed, and the
kernel commits the reads it logs (`app.core.access` for a page about one patient,
`audit.log_list_read` for a page about many); a route never commits
(tests/test_house_rules.py checks it).

- `grants`: what a user may do for a patient, and on what terms (`Grant`, `Capability`).
- `access`: the access decision (`decide`) and the route decorators; "who may see this" is here.
- `audit`, `audit_words`: the append-only access log, and the words registry every logged thing
  must have words in.
- `words`: the models' enums in words (roles, professions, mandates, scopes, genders).
- `rules`: `RuleError`, which every service raises when a rule refuses a change.
- `clock`: the clinic's time zone and its day.
- `urls`: public addresses for e-mails, paper and exports.
- `forms`, `drafts`: the base form, its validators, and what was typed (never lost).

The kernel imports the models, the extensions and the configuration, never a feature area
(`lint-imports` checks it).
"""
