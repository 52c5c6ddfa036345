import pytest

from interurps.report import registry


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})


def test_sections_come_in_report_order(empty_registry):
    registry.register_section(key="b", title="B", order=20, build="builtins.dict", template="b.html")
    registry.register_section(key="a", title="A", order=10, build="builtins.dict", template="a.html")
    assert [s.key for s in registry.sections()] == ["a", "b"]


def test_registering_the_same_section_twice_is_harmless(empty_registry):
    for _ in range(2):
        registry.register_section(key="a", title="A", order=10, build="builtins.dict", template="a.html")
    assert len(registry.sections()) == 1


def test_a_key_cannot_be_registered_with_another_builder(empty_registry):
    registry.register_section(key="a", title="A", order=10, build="builtins.dict", template="a.html")
    with pytest.raises(ValueError):
        registry.register_section(key="a", title="A", order=10, build="builtins.list", template="a.html")


def sample_builder(year):
    return {"year": year}


def test_a_section_builds_through_its_dotted_path(empty_registry):
    path = f"{__name__}.sample_builder"
    registry.register_section(key="a", title="A", order=10, build=path, template="a.html")
    assert registry.sections()[0].build_for(2021) == {"year": 2021}
