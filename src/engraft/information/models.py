import uuid

from django.conf import settings
from django.db import models


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
    body = models.TextField()

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
