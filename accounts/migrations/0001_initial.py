# The profile and recovery codes, moved from progress with their rows (the tables were
# renamed by progress 0006); their content types follow, so admin logs and permissions do.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import accounts.models

MOVED = ["learnerprofile", "recoverycode"]


def move_content_types(apps, schema_editor, source="progress", target="accounts"):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model in MOVED:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="accounts", target="progress")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("progress", "0006_learner_accounts_move_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LearnerProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("display_name", models.CharField(help_text="Any name you like. Do not use your real name.", max_length=60, verbose_name="display name")),
                        ("gloss_preference", models.CharField(choices=[("north", "North Korean words"), ("south", "South Korean words"), ("both", "Both")], default="both", max_length=5, verbose_name="Korean meanings shown in")),
                        ("ui_language", models.CharField(choices=[("ko", "한국어"), ("en", "English")], default="ko", max_length=2, verbose_name="language of the site")),
                        ("time_zone", models.CharField(choices=accounts.models.time_zone_choices, default="Asia/Seoul", max_length=64, verbose_name="time zone")),
                        ("daily_review_goal", models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)], verbose_name="words to review each day")),
                        ("reminder_hour", models.PositiveSmallIntegerField(default=19, help_text="The hour of the day (0 to 23) to remind you of your reviews.", validators=[django.core.validators.MaxValueValidator(23)], verbose_name="reminder hour")),
                        ("desired_retention", models.FloatField(default=0.9, help_text="Between 0.80 and 0.95. Higher means you remember more but review more often.", validators=[django.core.validators.MinValueValidator(0.8), django.core.validators.MaxValueValidator(0.95)], verbose_name="how much to remember")),
                        ("fsrs_parameters", models.JSONField(blank=True, editable=False, null=True)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="learner_profile", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"verbose_name": "learner profile"},
                ),
                migrations.CreateModel(
                    name="RecoveryCode",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("prefix", models.CharField(max_length=4)),
                        ("code_hash", models.CharField(max_length=256)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recovery_codes", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "indexes": [models.Index(fields=["user", "prefix"], name="progress_re_user_id_12602c_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
