"""How the association writes a person's name: « Prénom NOM »."""


def display_name(first_name, last_name, fallback=""):
    """`Jeanne BOUTIER`; `fallback` when both are empty."""
    return f"{first_name} {last_name.upper()}".strip() or fallback


def user_display_name(user):
    """A user's name as the association writes it, else the username."""
    return display_name(user.first_name, user.last_name, user.get_username())
