from django.db import migrations


def load_frameworks(apps, schema_editor):
    from welcomehub.evaluation.frameworks import sync_all

    sync_all(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(load_frameworks, migrations.RunPython.noop)]
