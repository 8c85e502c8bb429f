"""The officer's first page: what waits, counted in words that agree with the number,
and the way to the council's statement."""


def test_the_dashboard_counts_in_the_singular_and_links_the_councils_statement(client, auth, desk):
    world, _instalment, _claim = desk
    auth.login(world.approver.email)
    page = client.get("/admin/").get_data(as_text=True)
    assert "<strong>1</strong> claim to review" in page
    assert "<strong>1</strong> instalment to approve or pay" in page
    assert f'href="/statements/council/{world.council.slug}"' in page
    assert client.get(f"/statements/council/{world.council.slug}").status_code == 200


def test_an_areas_officer_page_links_its_statement(client, auth, desk):
    world, _instalment, _claim = desk
    auth.login(world.officer.email)
    page = client.get(f"/officer/areas/{world.area.slug}").get_data(as_text=True)
    assert f'href="/statements/area/{world.area.slug}"' in page
