# The profile and recovery codes move to the accounts app; their tables are renamed, rows kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0005_ankiimport_sweep_times"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LearnerProfile"),
                migrations.DeleteModel(name="RecoveryCode"),
            ],
            database_operations=[
                migrations.AlterModelTable(name="LearnerProfile", table="accounts_learnerprofile"),
                migrations.AlterModelTable(name="RecoveryCode", table="accounts_recoverycode"),
            ],
        ),
    ]
