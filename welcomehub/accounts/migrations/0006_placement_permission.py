from django.db import migrations


def resync(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """roles.json gained the placement permission: bring the tables in line."""

    dependencies = [("accounts", "0005_exchange_and_assessment_permissions")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
