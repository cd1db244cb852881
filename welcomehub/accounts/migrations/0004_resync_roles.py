from django.db import migrations


def resync(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """roles.json changed (a permission description): bring the tables in line."""

    dependencies = [("accounts", "0003_user_must_change_password")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
