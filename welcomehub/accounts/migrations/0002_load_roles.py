from django.db import migrations


def load_roles(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load_roles, migrations.RunPython.noop)]
