"""Statistics: the review log's answers as columns, the charts and calibration.

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.domain.stats.answers import DTYPES, MICROS_PER_DAY, Answers, micros
    from pmstudy.domain.stats.calibration import (
        HARD_MIN_REVIEWS,
        Calibration,
        CalibrationBin,
        bins,
        calibrate,
        hard_habit,
        log_loss,
        predicted_recall,
        rmse_bins,
    )
    from pmstudy.domain.stats.charts import (
        MATURE_DAYS,
        FloatArray,
        Heatmap,
        Histogram,
        IntArray,
        StatsReport,
    )

_LAZY = {
    "Answers": "pmstudy.domain.stats.answers",
    "DTYPES": "pmstudy.domain.stats.answers",
    "MICROS_PER_DAY": "pmstudy.domain.stats.answers",
    "micros": "pmstudy.domain.stats.answers",
    "Calibration": "pmstudy.domain.stats.calibration",
    "CalibrationBin": "pmstudy.domain.stats.calibration",
    "HARD_MIN_REVIEWS": "pmstudy.domain.stats.calibration",
    "bins": "pmstudy.domain.stats.calibration",
    "calibrate": "pmstudy.domain.stats.calibration",
    "hard_habit": "pmstudy.domain.stats.calibration",
    "log_loss": "pmstudy.domain.stats.calibration",
    "predicted_recall": "pmstudy.domain.stats.calibration",
    "rmse_bins": "pmstudy.domain.stats.calibration",
    "FloatArray": "pmstudy.domain.stats.charts",
    "Heatmap": "pmstudy.domain.stats.charts",
    "Histogram": "pmstudy.domain.stats.charts",
    "IntArray": "pmstudy.domain.stats.charts",
    "MATURE_DAYS": "pmstudy.domain.stats.charts",
    "StatsReport": "pmstudy.domain.stats.charts",
}


__getattr__ = loaded_on_first_use(__name__, _LAZY)


__all__ = [
    "DTYPES",
    "HARD_MIN_REVIEWS",
    "MATURE_DAYS",
    "MICROS_PER_DAY",
    "Answers",
    "Calibration",
    "CalibrationBin",
    "FloatArray",
    "Heatmap",
    "Histogram",
    "IntArray",
    "StatsReport",
    "bins",
    "calibrate",
    "hard_habit",
    "log_loss",
    "micros",
    "predicted_recall",
    "rmse_bins",
]
