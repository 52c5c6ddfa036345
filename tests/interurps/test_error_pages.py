def test_missing_object_gets_a_french_not_found_page(staff_client):
    response = staff_client.get("/reunions/999999/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_refused_page_says_why_in_french(board_client):
    response = board_client.get("/reunions/nouvelle/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_server_error_page_is_in_french(client, db, settings):
    from django.template.loader import render_to_string

    assert "Une erreur est survenue" in render_to_string("500.html")
