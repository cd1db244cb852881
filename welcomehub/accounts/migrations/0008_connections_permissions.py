from django.db import migrations


def resync(apps, schema_editor):
    from welcomehub.accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """roles.json gained the permissions of volunteering, sponsorship and community life:
    bring the tables in line."""

    dependencies = [("accounts", "0007_plans_evaluation_services_feedback_permissions")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
