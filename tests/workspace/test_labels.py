"""Answer codes are shown with the questionnaire's labels, not as raw codes."""

from __future__ import annotations

from .conftest import login


def test_client_pages_show_the_industry_label(ws_app, make_user, make_client_record):
    uid = make_user("lee@union.sg")
    cid = make_client_record(uid, industry="food_services")
    c = ws_app.test_client()
    login(c, "lee@union.sg")
    for url in (f"/workspace/clients/{cid}", "/workspace/clients"):
        page = c.get(url).get_data(as_text=True)
        assert "Food services" in page
        assert "food_services" not in page.replace('value="food_services"', "")
