from django.db import migrations

from hub.regions import LANGUAGE_CHOICES, REGION_CODES


def create_choices(apps, schema_editor):
    Region = apps.get_model("cms", "Region")
    Language = apps.get_model("cms", "Language")
    Region.objects.bulk_create([Region(code=code) for code in sorted(REGION_CODES)])
    Language.objects.bulk_create([Language(code=code) for code, _name in LANGUAGE_CHOICES])


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_resource_directory")]

    operations = [migrations.RunPython(create_choices, migrations.RunPython.noop)]
