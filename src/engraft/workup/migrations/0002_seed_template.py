from django.db import migrations


def seed(apps, schema_editor):
    from engraft.workup.seed_template import seed_plan_items

    seed_plan_items(apps.get_model("workup", "PlanItem"))


class Migration(migrations.Migration):
    dependencies = [("workup", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
