from django.db import migrations

HOME_INTRO = (
    "<p>Saebom English: lessons, daily word review and a tutor who sees how you are doing.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    # Wagtail's own migration leaves a placeholder "Welcome" page at depth 2.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    home = HomePage.objects.create(
        title="Saebom English",
        draft_title="Saebom English",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=HOME_INTRO,
        locale_id=root.locale_id,
    )
    Page.objects.filter(pk=root.pk).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.id, "site_name": "Saebom English"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
