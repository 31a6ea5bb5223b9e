from django.core.checks import run_checks


def test_a_group_size_below_the_norm_warns_and_below_3_is_refused(settings):
    for k, ids in ((5, set()), (3, {"opsassess.W001"}), (2, {"opsassess.E001"})):
        settings.OPSASSESS_MIN_GROUP_SIZE = k
        assert {m.id for m in run_checks() if m.id.startswith("opsassess.")} == ids
