"""The learner's own progress page under /learn/progress/: today's goal, the
streak with its freezes (`progress.streaks`) and three charts (`progress.charts`)
over the numbers of `progress.stats.learner_progress`. Only the signed-in
learner's own numbers are ever read; visitors are sent to sign in."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import charts
from .stats import LearnerProgress, learner_progress


def short(day: date) -> str:
    return f"{day.month}/{day.day}"


def reviews_chart(progress: LearnerProgress) -> charts.Chart:
    data = [
        charts.Datum(short(day), day.isoformat(), count, str(count))
        for day, count in zip(progress.days, progress.reviews, strict=True)
    ]
    summary = _("%(total)s reviews in the last 30 days; the most in one day: %(most)s.") % {
        "total": sum(progress.reviews),
        "most": max(progress.reviews),
    }
    text = charts.ChartText(
        _("Reviews each day, last 30 days"), summary, pgettext("chart", "Day"), _("Reviews done")
    )
    return charts.bar_chart(data, text=text)


def known_chart(progress: LearnerProgress) -> charts.Chart:
    data = [
        charts.Datum(short(day), day.isoformat(), count, str(count))
        for day, count in zip(progress.days, progress.known, strict=True)
    ]
    summary = _("Words you know today: %(count)s.") % {"count": progress.known[-1]}
    text = charts.ChartText(
        _("Words you know, last 30 days"), summary, pgettext("chart", "Day"), _("Words known")
    )
    return charts.line_chart(data, text=text)


def retention_chart(progress: LearnerProgress) -> charts.Chart | None:
    if progress.retention[0] is None:
        return None
    percents = [round(100 * value) for value in progress.retention]
    days = [progress.today + timedelta(days=n) for n in range(len(percents))]
    data = [
        charts.Datum(short(day), day.isoformat(), percent, f"{percent}%")
        for day, percent in zip(days, percents, strict=True)
    ]
    summary = _(
        "With no more reviews you would remember about %(now)s%% of your words today "
        "and about %(later)s%% in 30 days."
    ) % {"now": percents[0], "later": percents[-1]}
    text = charts.ChartText(
        _("How much you will remember, next 30 days"),
        summary,
        pgettext("chart", "Day"),
        _("Words remembered"),
    )
    return charts.line_chart(data, text=text, top=100, suffix="%")


@login_required
def progress_page(request):
    progress = learner_progress(request.user, now=timezone.now())
    context = {
        "progress": progress,
        "reviews_chart": reviews_chart(progress),
        "known_chart": known_chart(progress),
        "retention_chart": retention_chart(progress),
    }
    return render(request, "progress/progress_page.html", context)
