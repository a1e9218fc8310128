from django.core.management.base import BaseCommand

from engraft.notifications.services import deliver


class Command(BaseCommand):
    help = "Send email that could not be delivered before (run it from cron)."

    def handle(self, *args, **options):
        sent, failed = deliver()
        self.stdout.write(f"sent {sent}, still pending {failed}")
