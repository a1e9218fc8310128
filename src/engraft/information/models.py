import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from engraft.core.trials.ctgov import NCT_ID


class Page(models.Model):
    """A public page; administrators edit its text in the admin, no deploy needed."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    menu_label = models.CharField(max_length=40)
    menu_order = models.PositiveSmallIntegerField(default=0)
    lead = models.TextField(blank=True, help_text="The opening paragraph, shown larger.")

    class Meta:
        ordering = ["menu_order", "slug"]

    def __str__(self) -> str:
        return self.title


class PageSection(models.Model):
    """A headed section of a page. Blank lines in the body separate paragraphs."""

    page = models.ForeignKey(Page, related_name="sections", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=160)
    body = models.TextField(
        help_text="Blank lines separate paragraphs. Phone numbers written in international "
        "form (+44 20 7946 0000) become tappable links."
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.heading


class TeamMember(models.Model):
    name = models.CharField(max_length=120)
    position = models.CharField(max_length=160)
    discipline = models.CharField(max_length=80)
    about = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        """The site a family goes to, without "www." ("ncbi.nlm.nih.gov")."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


class ContactDetails(models.Model):
    """The programme's contact details: a single row, edited in the admin."""

    programme_name = models.CharField(max_length=160)
    phone_main = models.CharField("main phone", max_length=40)
    phone_urgent = models.CharField("urgent referrals phone", max_length=40)
    phone_hours = models.CharField("phone hours", max_length=120)
    email = models.EmailField("family enquiries email")
    clinic_address = models.TextField()
    adult_programme_name = models.CharField("adult BMT programme", max_length=160)
    adult_programme_url = models.URLField("adult BMT programme link")

    class Meta:
        verbose_name_plural = "contact details"

    def __str__(self) -> str:
        return self.programme_name


NCT_SEPARATORS = re.compile(r"[\s,;]+")


def nct_numbers_in(text: str) -> list[str]:
    """The NCT numbers of a list typed by staff ("NCT01234567, nct07654321"), upper-cased."""
    return [token.upper() for token in NCT_SEPARATORS.split(text.strip()) if token]


def validate_nct_numbers(text: str) -> None:
    wrong = [token for token in nct_numbers_in(text) if not NCT_ID.match(token)]
    if wrong:
        raise ValidationError(
            "%(wrong)s: an NCT number is NCT followed by 8 digits, e.g. NCT01234567.",
            params={"wrong": ", ".join(wrong)},
        )


class ResearchProject(models.Model):
    """One of the programme's research projects or publications, on the public research page."""

    class Status(models.TextChoices):
        RECRUITING = "recruiting", "Recruiting"
        ONGOING = "ongoing", "Under way"
        COMPLETED = "completed", "Completed"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    summary = models.TextField(
        "plain summary", help_text="For families: what the project asks and why, in plain words."
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    lead = models.CharField("lead researcher", max_length=160)
    link = models.URLField(
        blank=True, help_text="Optional: the project's own page or the published paper."
    )
    publication = models.TextField(
        "publication citation", blank=True, help_text="Optional: authors, title, journal, year."
    )
    nct_numbers = models.CharField(
        "NCT numbers",
        max_length=200,
        blank=True,
        validators=[validate_nct_numbers],
        help_text="Optional: the ClinicalTrials.gov numbers of its trials, separated by commas "
        "(NCT01234567). Each links to the trials page and to ClinicalTrials.gov.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    listed = models.BooleanField(
        "shown on the public page", default=True, help_text="Untick to keep a draft hidden."
    )

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def nct_ids(self) -> list[str]:
        return nct_numbers_in(self.nct_numbers)


class RecommendedSource(models.Model):
    """A reputable source for families, on the public recommended-sources page."""

    name = models.CharField(max_length=160)
    url = models.URLField(
        "address",
        validators=[URLValidator(schemes=["https"])],
        help_text="A secure (https://) address; it opens without sharing our page with the site.",
    )
    description = models.CharField(
        "what a family will find there", max_length=240, help_text="One line, in plain words."
    )
    last_checked = models.DateField(
        "link last checked",
        null=True,
        blank=True,
        help_text="The date someone in the team last opened the link and read the page.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        """The site a family goes to, without "www." ("ncbi.nlm.nih.gov")."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    REFERRED = "referred", "Referred"
    CLOSED = "closed", "Closed"


class InformationRequest(models.Model):
    """A family's "Request information" submission and its handling by staff."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        GUARDIAN = "guardian", "Legal guardian"
        OTHER_FAMILY = "other_family", "Other family member"
        OTHER = "other", "Other"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    class AgeUnit(models.TextChoices):
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"
        YEARS = "years", "years"

    class Diagnosis(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Not sure"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submitted_from = models.GenericIPAddressField(null=True, blank=True)

    guardian_name = models.CharField("your name", max_length=120)
    relationship = models.CharField(
        "relationship to the child", max_length=20, choices=Relationship.choices
    )
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod.choices
    )
    child_age_value = models.PositiveSmallIntegerField("child's age")
    child_age_unit = models.CharField("unit", max_length=10, choices=AgeUnit.choices)
    country = models.CharField(max_length=80)
    diagnosis_made = models.CharField(
        "has a diagnosis been made?", max_length=10, choices=Diagnosis.choices
    )
    diagnosis = models.CharField("which diagnosis", max_length=200, blank=True)
    question = models.TextField("your question")
    consent_to_contact = models.BooleanField("consent to be contacted")

    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    first_contacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"Request from {self.guardian_name} ({self.submitted_at:%Y-%m-%d})"

    @property
    def child_age(self) -> str:
        return f"{self.child_age_value} {self.child_age_unit}"


class RequestNote(models.Model):
    request = models.ForeignKey(InformationRequest, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Note by {self.author_id} on {self.written_at:%Y-%m-%d}"


class ContactAttempt(models.Model):
    """One contact with the family (or an attempt), for the request's contact log."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        VIDEO = "video", "Video call"
        LETTER = "letter", "Letter"

    request = models.ForeignKey(
        InformationRequest, related_name="contacts", on_delete=models.CASCADE
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    reached = models.BooleanField("family reached", default=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} contact on {self.at:%Y-%m-%d}"


class SubmissionBucket(models.Model):
    """One row per submitting address: the lock that makes the rate limit hold under load.

    The form's check and its insert run in one transaction that first writes this row, so
    two requests from one address at the same moment take turns (SQLite's write lock,
    PostgreSQL's row lock) and the second counts the first.
    """

    address = models.GenericIPAddressField(unique=True)
    touched_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"submissions from {self.address}"
