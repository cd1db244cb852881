from django.db import migrations


def resync(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """roles.json gained the permissions of integration plans, programme evaluation,
    the services directory and referrals, and feedback: bring the tables in line."""

    dependencies = [("accounts", "0006_placement_permission")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
