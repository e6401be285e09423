from django.db import migrations

GROUPS = ["Editors", "Moderators"]
ACTIONS = ["view", "change"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="tutorreport")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_tutorreport",
            defaults={"name": f"Can {action} report about a tutor"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = Permission.objects.filter(
        content_type__app_label="courses", codename__in=[f"{a}_tutorreport" for a in ACTIONS]
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    """Editors and moderators read reports about tutors and mark them resolved
    (courses.report_admin); nobody adds or deletes one in the admin."""

    dependencies = [
        ("courses", "0007_tutor_profile_moderation"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
