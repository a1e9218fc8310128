from django.db import migrations


def seed(apps, schema_editor):
    from engraft.information.seed_content import seed_public_content

    seed_public_content(
        apps.get_model("information", "Page"),
        apps.get_model("information", "PageSection"),
        apps.get_model("information", "TeamMember"),
        apps.get_model("information", "ContactDetails"),
    )


class Migration(migrations.Migration):
    dependencies = [("information", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
