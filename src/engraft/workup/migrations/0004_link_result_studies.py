from django.db import migrations


def link(apps, schema_editor):
    from engraft.workup.seed_template import link_result_studies

    link_result_studies(apps.get_model("workup", "PlanItem"))


class Migration(migrations.Migration):
    dependencies = [("workup", "0003_result_study")]
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
