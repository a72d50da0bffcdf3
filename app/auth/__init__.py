from flask import Blueprint
from limits import parse_many

bp = Blueprint("auth", __name__)


@bp.record_once
def _check_limits(state) -> None:
    """A mistyped limit in the environment stops the start, not a sign-in later."""
    for name in ("LOGIN_CODE_FAILURE_LIMIT", "LOGIN_CODE_SEND_LIMIT"):
        try:
            parse_many(state.app.config[name])
        except ValueError as problem:
            raise RuntimeError(f"LOTSEN_{name}: {problem}") from None
