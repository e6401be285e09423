"""Tutors' digest notifications written before digests stopped naming learners
keep only their first line, so no kept notification (nor a tutor's data export)
names a learner. The names were always on the classroom pages."""

from django.db import migrations


def keep_first_line(apps, schema_editor):
    Notification = apps.get_model("progress", "Notification")
    digests = Notification.objects.filter(kind="tutor_digest", text__contains="\n")
    for note in digests.iterator(chunk_size=500):
        note.text = note.text.split("\n", 1)[0]
        note.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("progress", "0006_learner_accounts_move_out")]

    operations = [migrations.RunPython(keep_first_line, migrations.RunPython.noop)]
