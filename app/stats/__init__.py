"""Pilot statistics (issue 22 §1): a clinic's own figures for its staff (`staff_bp`,
/personal/statistik) and the region's figures per clinic for the admin (app/admin/routes.py),
counted in SQL (`figures`), laid out as tables (`tables`, small numbers hidden for the region),
drawn as charts and given as CSV (`pages`). Counts only: no page here shows a patient."""

from ..staff.area import staff_blueprint

staff_bp = staff_blueprint("stats_staff", __name__)

from ..charts import legend_swatch  # noqa: E402
from .tables import month_label  # noqa: E402

staff_bp.context_processor(lambda: {"chart_swatch": legend_swatch, "month_label": month_label})
