"""The index a caseload page is read from (models/households.py, CASELOAD_ORDER).

Written per database: PostgreSQL needs NULLS LAST in the index to match the ordering;
SQLite takes no NULLS LAST in an index, and sorts NULL last in a descending column anyway.
"""

from django.db import migrations

COLUMNS = {
    "postgresql": '"organisation_id", "arrival_date" DESC NULLS LAST, "reference"',
    "sqlite": '"organisation_id", "arrival_date" DESC, "reference"',
}


def create(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(
            f'CREATE INDEX "household_caseload_order" ON "people_household" ({columns})'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute('DROP INDEX IF EXISTS "household_caseload_order"')


class Migration(migrations.Migration):
    dependencies = [("people", "0003_plans_and_portal")]

    operations = [migrations.RunPython(create, drop)]
