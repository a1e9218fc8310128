"""Every public page is in the menu and the sitemap, with a title, a description, tel: links."""

import re

import pytest

from engraft.information.models import Page

# Written by hand: the menu a family sees, in order.
MENU = [
    "Home",
    "Osteopetrosis",
    "At diagnosis",
    "Transplantation",
    "What to expect",
    "Our team",
    "Research",
    "Our results",
    "Recommended sources",
    "Clinical trials",
    "Contact",
]
NEW_PAGES = {
    "/what-to-expect/": "What to expect during the transplant",
    "/research/": "Current research",
    "/results/": "Our results",
    "/sources/": "Recommended sources",
}
PUBLIC_PATHS = [
    "/",
    "/osteopetrosis/",
    "/diagnosis/",
    "/transplant/",
    "/what-to-expect/",
    "/team/",
    "/research/",
    "/results/",
    "/sources/",
    "/trials/",
    "/contact/",
    "/request-information/",
]


@pytest.mark.django_db
def test_the_menu_lists_every_public_page_in_order(client):
    text = client.get("/").content.decode()
    nav = text[text.index('aria-label="Main"') : text.index("</nav>")]
    labels = re.findall(r'<li><a href="[^"]+"(?: aria-current="page")?>([^<]+)</a></li>', nav)
    assert labels == MENU


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "title"), NEW_PAGES.items())
def test_each_new_page_has_a_meaningful_title_and_description(client, path, title):
    text = client.get(path).content.decode()
    assert f"<title>{title} | Osteopetrosis transplant programme</title>" in text
    lead = Page.objects.get(slug=path.strip("/")).lead
    assert f'<meta name="description" content="{lead}">'.replace("'", "&#x27;") in text


@pytest.mark.django_db
def test_the_sitemap_lists_every_public_page_and_the_request_form(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    listed = re.findall(r"<loc>http://testserver(/[^<]*)</loc>", response.content.decode())
    assert sorted(listed) == sorted(PUBLIC_PATHS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/request-information/received/"])
def test_every_phone_number_on_a_public_page_is_tappable(client, path):
    text = client.get(path).content.decode()
    footer = text[text.index('class="site-footer"') :]
    assert '<a href="tel:+442079460000">+44 20 7946 0000</a>' in footer
    for number, href in [
        ("+44 20 7946 0000", "+442079460000"),
        ("+44 20 7946 0999", "+442079460999"),
    ]:
        linked = text.count(f'<a href="tel:{href}">{number}</a>')
        assert text.count(number) == linked, f"{number} is shown without a tel: link on {path}"


@pytest.mark.django_db
def test_a_phone_number_an_administrator_writes_in_a_section_is_tappable(client):
    section = Page.objects.get(slug="contact").sections.first()
    section.body = "Call the ward on +44 20 7946 0555 at any time. <b>Not bold</b>, 1 in 250,000."
    section.save()
    text = client.get("/contact/").content.decode()
    assert '<a href="tel:+442079460555">+44 20 7946 0555</a>' in text
    # The rest of the text stays escaped, and other numbers stay plain.
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in text
    assert "1 in 250,000." in text
