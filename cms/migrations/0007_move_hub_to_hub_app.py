"""The hub's models leave cms for the hub app, keeping every row.

The state forgets them here (hub.0001_initial declares them again); the database
only renames each table to the name the hub app gives it (the ResourcePage
many-to-many tables follow their model), and the content types move from app
label cms to hub, so that pages, revisions, permissions and log entries keep
pointing at the same rows with the new label.
"""

from django.db import migrations

# Lower-case model names, in an order the state can drop them (dependents first).
HUB_MODELS = [
    "recommendation",
    "storycomment",
    "story",
    "storypage",
    "storyindexpage",
    "opportunity",
    "resourcepagetag",
    "resourcepage",
    "resourceindexpage",
    "region",
    "language",
]


def relabel_content_types(old_label, new_label):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=old_label, model__in=HUB_MODELS).update(
            app_label=new_label
        )
        ContentType.objects.clear_cache()

    return relabel


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_recommendations"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"hub_{name}") for name in HUB_MODELS
            ],
            state_operations=[
                # The tag through model cannot go while ResourcePage.tags still points at it.
                migrations.RemoveField(model_name="resourcepage", name="tags"),
                *(migrations.DeleteModel(name=name) for name in HUB_MODELS),
            ],
        ),
        migrations.RunPython(
            relabel_content_types("cms", "hub"), relabel_content_types("hub", "cms")
        ),
    ]
