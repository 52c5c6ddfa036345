from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cpts.enums import Mission, SizeClass, Stage
from cpts.models import CPTS, StageChange
from cpts.services import move_to_stage, sign_aci
from tests.cpts.factories import CPTSFactory, cpts_with_population, signed_cpts

pytestmark = pytest.mark.django_db


def current_stage(cpts, on=None):
    return CPTS.objects.with_current_stage(on).values_list("current_stage", "current_stage_date").get(pk=cpts.pk)


def test_the_current_stage_is_the_latest_stage_change():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2019, 1, 10))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2019, 9, 1))
    assert current_stage(cpts) == (Stage.LETTER_OF_INTENT, date(2019, 9, 1))


def test_the_current_stage_on_a_past_date_ignores_later_changes():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2019, 1, 10))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2022, 9, 1))
    assert current_stage(cpts, on=date(2021, 12, 31)) == (Stage.PRE_PROJECT, date(2019, 1, 10))


def test_a_cpts_without_stage_has_no_current_stage():
    cpts = CPTSFactory()
    annotated = CPTS.objects.with_current_stage().get(pk=cpts.pk)
    assert annotated.current_stage is None
    assert annotated.current_stage_label == "aucune étape enregistrée"


def test_a_stage_cannot_be_dated_before_the_current_one():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 3, 1))
    with pytest.raises(ValidationError) as error:
        move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2020, 2, 1))
    assert "Les dates ne reviennent pas en arrière" in error.value.message_dict["date"][0]
    assert cpts.stage_changes.count() == 1


def test_a_stage_may_be_reached_on_the_same_day_as_the_previous_one():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 3, 1))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2020, 3, 1))
    assert current_stage(cpts) == (Stage.LETTER_OF_INTENT, date(2020, 3, 1))


def test_a_cpts_may_skip_stages():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2020, 3, 1))
    assert current_stage(cpts)[0] == Stage.HEALTH_PROJECT


def test_a_cpts_cannot_move_to_its_current_stage_again():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 3, 1))
    with pytest.raises(ValidationError) as error:
        move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 4, 1))
    assert error.value.message_dict["stage"] == ["La CPTS est déjà à l'étape « pré-projet (réflexion) »."]


def test_a_cpts_cannot_go_back_from_aci_signed_to_letter_of_intent():
    cpts = signed_cpts(signed_on=date(2020, 6, 1))
    with pytest.raises(ValidationError) as error:
        move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2021, 1, 1))
    assert "ne revient pas en arrière" in error.value.message_dict["stage"][0]
    assert current_stage(cpts)[0] == Stage.ACI_SIGNED


def test_a_dormant_cpts_cannot_resume_below_the_highest_stage_it_reached():
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2020, 1, 1))
    move_to_stage(cpts, Stage.DORMANT, date(2020, 6, 1))
    with pytest.raises(ValidationError):
        move_to_stage(cpts, Stage.PRE_PROJECT, date(2021, 1, 1))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2021, 1, 1))
    assert current_stage(cpts) == (Stage.LETTER_OF_INTENT, date(2021, 1, 1))


def test_a_dormant_or_abandoned_cpts_is_not_active():
    dormant, abandoned, active, new = CPTSFactory(), CPTSFactory(), CPTSFactory(), CPTSFactory()
    move_to_stage(dormant, Stage.DORMANT, date(2020, 1, 1))
    move_to_stage(abandoned, Stage.ABANDONED, date(2020, 1, 1))
    move_to_stage(active, Stage.PRE_PROJECT, date(2020, 1, 1))
    assert set(CPTS.objects.active()) == {active, new}


def test_aci_signed_is_refused_without_the_aci_contract():
    cpts = cpts_with_population(50_000)
    with pytest.raises(ValidationError) as error:
        move_to_stage(cpts, Stage.ACI_SIGNED, date(2021, 3, 12))
    assert "enregistrez la signature de l'ACI" in error.value.message_dict["stage"][0]
    assert not StageChange.objects.exists()


def test_sign_aci_records_the_contract_its_missions_and_the_stage_together():
    cpts = cpts_with_population(88_000)
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2020, 9, 1))
    contract = sign_aci(cpts, date(2020, 11, 19), optional_missions=[Mission.SUPPORT])
    assert contract.size_class_at_signature == SizeClass.THREE
    assert set(contract.missions.values_list("mission", flat=True)) == {
        Mission.ACCESS,
        Mission.PATHWAYS,
        Mission.PREVENTION,
        Mission.CRISIS,
        Mission.SUPPORT,
    }
    assert current_stage(cpts) == (Stage.ACI_SIGNED, date(2020, 11, 19))


def test_the_size_at_signature_stays_when_the_territory_grows():
    cpts = signed_cpts(population=39_000)
    cpts.declared_population, cpts.declared_population_note = 200_000, "nouveau projet de santé"
    cpts.save()
    assert CPTS.objects.with_size_class().get(pk=cpts.pk).size_class == SizeClass.FOUR
    cpts.aci.refresh_from_db()
    assert cpts.aci.size_class_at_signature == SizeClass.ONE


def test_sign_aci_refuses_a_signature_before_the_current_stage_and_writes_nothing():
    cpts = cpts_with_population(50_000)
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2021, 1, 1))
    with pytest.raises(ValidationError):
        sign_aci(cpts, date(2020, 12, 1))
    assert not hasattr(CPTS.objects.get(pk=cpts.pk), "aci")
    assert cpts.stage_changes.count() == 1


def test_sign_aci_needs_a_territory():
    cpts = CPTSFactory()
    with pytest.raises(ValidationError) as error:
        sign_aci(cpts, date(2021, 3, 12))
    assert "Renseignez le territoire de la CPTS" in error.value.messages[0]


def test_sign_aci_refuses_a_second_contract():
    cpts = signed_cpts()
    with pytest.raises(ValidationError) as error:
        sign_aci(cpts, date(2022, 1, 1))
    assert error.value.message_dict["cpts"] == ["Cette CPTS a déjà un contrat ACI."]


def test_sign_aci_refuses_a_socle_mission_as_optional():
    cpts = cpts_with_population(50_000)
    with pytest.raises(ValidationError) as error:
        sign_aci(cpts, date(2021, 3, 12), optional_missions=[Mission.ACCESS])
    assert error.value.messages == ["Missions non optionnelles ou inconnues : accès aux soins."]


def test_a_cpts_with_an_aci_may_resume_after_falling_dormant():
    cpts = signed_cpts(signed_on=date(2020, 6, 1))
    move_to_stage(cpts, Stage.DORMANT, date(2021, 6, 1))
    move_to_stage(cpts, Stage.ACI_SIGNED, date(2022, 1, 1))
    assert current_stage(cpts) == (Stage.ACI_SIGNED, date(2022, 1, 1))


def test_the_first_aci_stage_carries_the_signature_date():
    cpts = signed_cpts(signed_on=date(2020, 6, 1))
    change = cpts.stage_changes.get(stage=Stage.ACI_SIGNED)
    change.date = date(2020, 7, 1)
    with pytest.raises(ValidationError) as error:
        change.full_clean()
    assert error.value.message_dict["date"] == [
        "L'ACI de cette CPTS a été signé le 01/06/2020 : l'étape porte cette date."
    ]


def test_editing_an_old_stage_cannot_make_the_history_go_backwards():
    cpts = CPTSFactory()
    first = move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 1, 1))
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2020, 6, 1))
    first.date = date(2020, 7, 1)  # would come after « projet de santé validé »
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert "ne revient pas en arrière" in error.value.message_dict["stage"][0]


def test_an_old_stage_may_be_corrected_when_the_history_stays_coherent():
    cpts = CPTSFactory()
    first = move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 1, 1))
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2020, 6, 1))
    first.stage, first.date = Stage.LETTER_OF_INTENT, date(2020, 2, 1)
    first.full_clean()
