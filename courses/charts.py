"""Class charts on the classroom page: reviews per day across the class and the
class's recall rate per week, drawn by `progress.charts`.

Rules, as the grid counts them (`courses.dashboard`):
- Only current members count, and only their answers since joining.
- Days are the classroom tutor's calendar days (`accounts.clock`; UTC without a
  profile), as the tutors' digest and the session date count them.
- Activity: answers (ReviewLog rows) on each of the last ACTIVITY_DAYS days.
- Recall rate: the share of a week's answers not rated Again, for each of the
  last RETENTION_WEEKS weeks (seven days each, the last ending today); a week
  without answers has no rate.
One query for both charts, whatever the number of learners and answers.
"""

from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import clock
from progress import charts
from progress.models import ReviewLog
from progress.scheduler import Rating

from .models import Classroom

ACTIVITY_DAYS = 30
RETENTION_WEEKS = 12


def answers_by_day(classroom: Classroom, *, since: date, zone) -> dict[date, dict]:
    """{tutor's day: {answers, recalled}} of the class's current members since joining."""
    rows = (
        ReviewLog.objects.filter(
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
            reviewed_at__gte=F("learner__classroom_memberships__joined_at"),
        )
        .since(clock.start_of_day(since, zone))
        .annotate(day=TruncDate("reviewed_at", tzinfo=zone))
        .values("day")
        .annotate(answers=Count("pk"), recalled=Count("pk", filter=~Q(rating=Rating.Again)))
    )
    return {row["day"]: row for row in rows}


def short(day: date) -> str:
    return f"{day.month}/{day.day}"


def activity_chart(by_day: dict[date, dict], today: date) -> charts.Chart:
    days = [today - timedelta(days=n) for n in range(ACTIVITY_DAYS - 1, -1, -1)]
    counts = [by_day.get(day, {}).get("answers", 0) for day in days]
    data = [
        charts.Datum(short(day), day.isoformat(), count, str(count))
        for day, count in zip(days, counts, strict=True)
    ]
    summary = _("%(total)s reviews across the class in the last 30 days.") % {"total": sum(counts)}
    text = charts.ChartText(
        _("Class reviews each day, last 30 days"), summary, pgettext("chart", "Day"), _("Reviews")
    )
    return charts.bar_chart(data, text=text)


def week_datum(by_day: dict[date, dict], end: date) -> charts.Datum:
    start = end - timedelta(days=6)
    rows = [by_day.get(start + timedelta(days=n), {}) for n in range(7)]
    answers = sum(row.get("answers", 0) for row in rows)
    label = f"{start.isoformat()} – {end.isoformat()}"
    if not answers:
        return charts.Datum(short(start), label, None, _("no reviews"))
    percent = round(100 * sum(row.get("recalled", 0) for row in rows) / answers)
    return charts.Datum(short(start), label, percent, f"{percent}% ({answers})")


def recall_chart(by_day: dict[date, dict], today: date) -> charts.Chart:
    ends = [today - timedelta(weeks=n) for n in range(RETENTION_WEEKS - 1, -1, -1)]
    data = [week_datum(by_day, end) for end in ends]
    latest = next((d.text for d in reversed(data) if d.value is not None), _("no reviews"))
    summary = _("Share of reviews not rated Again, week by week; the latest week: %(rate)s.") % {
        "rate": latest
    }
    text = charts.ChartText(
        _("Recall rate each week, last 12 weeks"),
        summary,
        pgettext("chart", "Week"),
        _("Recalled (reviews)"),
    )
    return charts.line_chart(data, text=text, top=100, suffix="%")


def classroom_charts(classroom: Classroom, *, now) -> dict[str, charts.Chart]:
    zone = clock.zone_of(getattr(classroom.tutor, "learner_profile", None))
    today = clock.calendar_day(now, zone)
    since = today - timedelta(days=max(ACTIVITY_DAYS, 7 * RETENTION_WEEKS) - 1)
    by_day = answers_by_day(classroom, since=since, zone=zone)
    return {
        "activity_chart": activity_chart(by_day, today),
        "recall_chart": recall_chart(by_day, today),
    }
