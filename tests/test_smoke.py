def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


def test_welcome_page(client):
    assert b"Neighbours helping neighbours" in client.get("/").data


def test_board_page(client, auth, neighbours, make_post):
    board, ann, ben, cara = neighbours
    make_post(board, ben, title="Fit lighter curtains")
    auth.login(cara)
    page = client.get(f"/b/{board.slug}")
    assert b"Fit lighter curtains" in page.data
