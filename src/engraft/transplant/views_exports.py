"""The episode's outputs: the FHIR R4 Bundle and the summary PDF for the referring hospital.

Both are downloads of patient data, so each is audited as an export. The Bundle needs the
export permission (registries, other centres); the summary is for the whole clinical team.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import record_access
from engraft.core.fhir.transplant import EpisodeMetadata, export_transplant_bundle

from .models import TransplantEpisode
from .pdf import summary_context, summary_pdf
from .selectors import core_episode


def episode_metadata(episode: TransplantEpisode) -> EpisodeMetadata:
    """What the Bundle says about the episode beyond the core's values, from the model."""
    return EpisodeMetadata(
        number=episode.number,
        patient_reference=f"Patient/{episode.patient.public_id}",  # the record export's id
        status=episode.status,
        admission=episode.admitted_on,
        closed_on=episode.closed_on,
        regimen=episode.regimen,
        donor_type=episode.donor_type,
        manipulation=episode.manipulation,
    )


def _episode(episode_id: UUID) -> TransplantEpisode:
    return get_object_or_404(
        TransplantEpisode.objects.select_related("patient"), public_id=episode_id
    )


@requires(Permission.PATIENT_EXPORT)
def episode_fhir(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """The episode as a FHIR R4 Bundle (JSON download), with its data up to today."""
    episode = _episode(episode_id)
    today = timezone.localdate()
    bundle = export_transplant_bundle(
        core_episode(episode, today),
        episode_metadata(episode),
        generated_at=timezone.now(),
    )
    record_access(
        request,
        AuditAction.EXPORT,
        episode,
        summary=f"transplant FHIR R4 Bundle of patient {episode.patient.public_id}",
    )
    response = JsonResponse(bundle, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="transplant-{episode.public_id}.json"'
    return response


@requires(Permission.TRANSPLANT_VIEW)
def summary_pdf_download(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """The transplant summary for the referring hospital, computed for today (a PDF)."""
    episode = _episode(episode_id)
    today = timezone.localdate()
    pdf = summary_pdf(summary_context(episode, today))
    record_access(
        request,
        AuditAction.EXPORT,
        episode,
        summary=f"transplant summary PDF of patient {episode.patient.public_id} as of {today}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="transplant-summary-{episode.public_id}-{today}.pdf"'
    )
    return response
