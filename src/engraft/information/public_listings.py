"""What later stages of the pathway list on a public page.

The information app is stage 1 and never imports a later stage; a later app (the trials
catalogue, the outcomes) registers a provider here from its ``AppConfig.ready`` instead.
A provider takes no arguments and returns template context; it must hold no patient data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

Provider = Callable[[], Mapping[str, object]]

_providers: dict[str, list[Provider]] = {}


def register(slug: str, provider: Provider) -> None:
    """Add ``provider``'s context to the public page ``slug`` (idempotent)."""
    listed = _providers.setdefault(slug, [])
    if provider not in listed:
        listed.append(provider)


def context_for(slug: str) -> dict[str, object]:
    """The context every provider registered for ``slug`` gives, merged in order."""
    context: dict[str, object] = {}
    for provider in _providers.get(slug, ()):
        context.update(provider())
    return context
