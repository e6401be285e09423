import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Django would drop and re-add the card's key to the learner to drop its index,
# checking every card again under lock; the index is dropped alone instead.
CARD_LEARNER_INDEX = "progress_reviewcard_learner_id_2bc5f7ae"


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0013_review_log_indexes_lead_with_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{CARD_LEARNER_INDEX}"',
                    f'CREATE INDEX "{CARD_LEARNER_INDEX}" ON "progress_reviewcard" ("learner_id")',
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="reviewcard",
                    name="learner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_cards",
                        to=settings.AUTH_USER_MODEL,
                    ),
                )
            ],
        ),
        migrations.AlterField(
            model_name="reviewlog",
            name="learner",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_logs",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
