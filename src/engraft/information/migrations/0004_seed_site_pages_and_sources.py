from django.db import migrations


def seed(apps, schema_editor):
    from engraft.information.seed_content import seed_pages, seed_recommended_sources

    # Creates only the pages that do not exist yet (what to expect, research, results,
    # sources); the pages an administrator has edited are left as they are.
    seed_pages(apps.get_model("information", "Page"), apps.get_model("information", "PageSection"))
    seed_recommended_sources(apps.get_model("information", "RecommendedSource"))


class Migration(migrations.Migration):
    dependencies = [("information", "0003_research_sources_and_section_help")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
