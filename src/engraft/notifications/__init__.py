"""The outbox: email is stored with the change that causes it and delivered after commit.

If the mail server is down, nothing is lost: `engraft manage send_pending_email` (cron)
retries what is still unsent.
"""
