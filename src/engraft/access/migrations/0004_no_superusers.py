"""No account of the app is a superuser: the role is the only grant (User.save keeps it so)."""

from django.db import migrations


def drop_superusers(apps, schema_editor):
    apps.get_model("access", "User").objects.filter(is_superuser=True).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_nurse_role")]

    operations = [migrations.RunPython(drop_superusers, migrations.RunPython.noop)]
