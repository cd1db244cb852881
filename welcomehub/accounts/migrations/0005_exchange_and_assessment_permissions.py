from django.db import migrations


def resync(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """roles.json gained the exchange and assessment permissions: bring the tables in line."""

    dependencies = [("accounts", "0004_resync_roles")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
