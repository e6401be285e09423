from django.db import migrations

WORKFLOW_NAME = "Moderators approval"
# Editors read and correct profiles; moderators also approve (publish) and unlist them.
# No one adds or deletes a profile in the admin: a profile belongs to its tutor.
GRANTS = {
    "Editors": ["change", "view"],
    "Moderators": ["change", "view", "publish", "lock", "unlock"],
}


def moderators_workflow(apps):
    """The workflow Wagtail's migration 0048 made, or the same one made here."""
    Workflow = apps.get_model("wagtailcore.Workflow")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        return workflow
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(
        name=WORKFLOW_NAME, content_type=task_type, active=True
    )
    task.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    apps.get_model("wagtailcore.WorkflowTask").objects.create(
        workflow=workflow, task=task, sort_order=0
    )
    return workflow


def profile_permissions(apps, content_type, actions):
    Permission = apps.get_model("auth.Permission")
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_tutorprofile",
            defaults={"name": f"Can {action} tutor profile"},
        )[0]
        for action in actions
    ]


def moderate_profiles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="tutorprofile")
    apps.get_model("wagtailcore.WorkflowContentType").objects.update_or_create(
        content_type=content_type, defaults={"workflow": moderators_workflow(apps)}
    )
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*profile_permissions(apps, content_type, actions))


def stop_moderating_profiles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    content_type = ContentType.objects.filter(app_label="courses", model="tutorprofile").first()
    if content_type is None:
        return
    apps.get_model("wagtailcore.WorkflowContentType").objects.filter(
        content_type=content_type
    ).delete()
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*group.permissions.filter(content_type=content_type))


class Migration(migrations.Migration):
    """Tutor profiles wait for the moderators' approval before learners see them."""

    dependencies = [
        ("courses", "0006_tutor_matching"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(moderate_profiles, stop_moderating_profiles)]
