"""The two tiers keep their promise: what starts a Prefect server is marked slow, and the fast
tier's extraction, parsing, schema and view modules have nothing marked slow."""
from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    slow: starts a server\n")
    return pytester


def test_a_test_that_starts_the_prefect_server_unmarked_is_refused(suite):
    suite.makepyfile(test_orchestration="def test_a_flow(prefect_server):\n    pass\n")
    result = suite.runpytest_subprocess("--collect-only", "-m", "not slow")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*these tests start a Prefect server; mark them @pytest.mark.slow: "
                                 "test_orchestration.py::test_a_flow*"])


def test_an_extraction_test_marked_slow_is_refused(suite):
    suite.makepyfile(test_extract="import pytest\n\n@pytest.mark.slow\ndef test_a_figure():\n    pass\n")
    result = suite.runpytest_subprocess("--collect-only")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*make test-fast must run these*test_extract.py::test_a_figure*"])


def test_marked_tests_are_left_out_of_the_fast_tier(suite):
    suite.makepyfile(test_orchestration="import pytest\n\n@pytest.mark.slow\ndef test_a_flow(prefect_server):\n"
                                        "    pass\n\ndef test_a_plan():\n    pass\n")
    result = suite.runpytest_subprocess("-m", "not slow")
    result.assert_outcomes(passed=1, deselected=1)

