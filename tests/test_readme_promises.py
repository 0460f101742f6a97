"""Promises of README.md and docs/ that no other test checked (docs/claims.md lists each promise
and the test that checks it). Fast: no Prefect server, no run."""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from statwh.cli import build_parser
from statwh.paths import PROJECT_ROOT

MAKEFILE = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> tuple[str, str]:
    """A Makefile target's prerequisites and recipe."""
    found = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", MAKEFILE, re.MULTILINE)
    assert found, target
    return found.group(1), found.group(2)


def test_make_run_loads_the_seed_documents_into_the_default_warehouse_and_make_test_builds_what_it_needs():
    prerequisites, recipe = _recipe("run")
    assert "$(STAMP)" in prerequisites and "statwh run --warehouse $(WAREHOUSE)" in recipe
    assert "WAREHOUSE ?= warehouse/statistics.duckdb" in MAKEFILE
    assert build_parser().parse_args(["run"]).paths == []  # the command then reads seeds/documents
    prerequisites, recipe = _recipe("test")
    assert {"$(STAMP)", "native", "$(BYTECODE)", "browser", "$(CLIENTS)"} <= set(prerequisites.split())
    assert "pytest -n $(TEST_WORKERS)" in recipe and "TEST_WORKERS ?= 2" in MAKEFILE
    assert 'pytest -m "not slow"' in _recipe("test-fast")[1]
    _, browser = _recipe("browser")
    assert "command -v chromium" in browser and "apt-get install -y -qq chromium" in browser
    assert "uv sync --frozen --compile-bytecode" in MAKEFILE.replace("$(UV)", "uv")


def test_the_environment_runs_on_debians_python_where_it_is_installed():
    if not Path("/usr/bin/python3.11").exists():
        pytest.skip("no Debian python3.11 here")
    assert Path(sys.base_prefix) == Path("/usr") and sys.version_info[:2] == (3, 11)


def test_the_command_lines_defaults_are_the_readmes():
    run = build_parser().parse_args(["run"])
    assert run.wait == 300 and run.max_file_mb == 50 and run.task_runner == "threads"
    assert build_parser().parse_args(["check"]).wait == 300
    schedule = build_parser().parse_args(["schedule", "--interval", "60"])
    assert schedule.name == "scheduled-refresh" and schedule.wait == 300


def test_folders_are_read_recursively(tmp_path):
    from statwh.ingest import ingest

    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Police recorded 500 burglaries in 2020.", encoding="utf-8")
    (tmp_path / "top.md").write_text("Police recorded 400 burglaries in 2021.", encoding="utf-8")
    read = ingest([tmp_path])
    assert sorted(Path(d.path).name for d in read.documents) == ["deep.txt", "top.md"]


def test_records_without_an_id_are_told_apart_by_their_url(tmp_path):
    from statwh.ingest import ingest

    records = [{"url": "https://example.org/a", "text": "Police recorded 500 burglaries."},
               {"url": "https://example.org/b", "text": "Police recorded 400 burglaries."}]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    first = {d.path: d.document_id for d in ingest([feed]).documents}
    assert len(set(first.values())) == 2 and all(path.endswith(("#https://example.org/a", "#https://example.org/b"))
                                                   for path in first)
    feed.write_text("\n".join(json.dumps(r) for r in reversed(records)), encoding="utf-8")
    assert {d.path: d.document_id for d in ingest([feed]).documents} == first  # the order does not matter


def test_a_socket_or_a_device_is_an_error_and_never_opened(tmp_path):
    from statwh.ingest import ingest

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(tmp_path / "sock.txt"))
        (tmp_path / "good.txt").write_text("Police recorded 500 burglaries.", encoding="utf-8")
        read = ingest([tmp_path, Path("/dev/null")])
    finally:
        listener.close()
    assert [Path(d.path).name for d in read.documents] == ["good.txt"]
    said = " ".join(f"{e.path}: {e.message}" for e in read.errors)
    assert "sock.txt" in said and "socket" in said and "/dev/null" in said and "device" in said, said


def test_front_matter_over_64_kib_of_text_is_refused():
    from statwh.readers import MAX_FRONT_MATTER_CHARS, split_front_matter

    assert MAX_FRONT_MATTER_CHARS == 65_536
    meta, _ = split_front_matter("---\ntitle: " + "x" * 60_000 + "\n---\nBody")
    assert len(meta["title"]) == 60_000
    with pytest.raises(ValueError, match="over the 65,536 limit"):
        split_front_matter("---\ntitle: " + "x" * 70_000 + "\n---\nBody")


def test_statwh_debug_keeps_prefects_tracebacks(monkeypatch):
    from statwh import cli

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        for debug in ("1", None):
            monkeypatch.setattr(logger, "filters", [])
            if debug:
                monkeypatch.setenv("STATWH_DEBUG", debug)
            else:
                monkeypatch.delenv("STATWH_DEBUG", raising=False)
            cli._one_line_failures()
            try:
                raise RuntimeError("disk on fire")
            except RuntimeError:
                record = logger.makeRecord(name, logging.ERROR, __file__, 1, "Task run failed", (), sys.exc_info())
            logger.filter(record)  # what each handler's record goes through first
            assert (record.exc_info is not None) == bool(debug), (name, debug)


def test_a_table_row_is_not_read_and_explain_says_so():
    from statwh.explain import explain

    decisions = [d.decision for s in explain("Employment | 32,781 | +27 | +219 |") for d in s.decisions]
    assert decisions and all(d.startswith("not read: a table row") for d in decisions), decisions


def test_timeouts_and_retries_are_the_documents():
    from flows import refresh
    from flows.settings import TIMEOUT_SECONDS

    assert TIMEOUT_SECONDS["files"] == 3600 and TIMEOUT_SECONDS["database"] == 1800
    assert refresh.ingest_documents.timeout_seconds == 3600 and refresh.load_warehouse.timeout_seconds == 1800
    assert refresh.extract_statistics.timeout_seconds is None  # a thread or Dask worker cannot be interrupted
    assert refresh.ingest_documents.retries > 0 and refresh.load_warehouse.retries > 0


def test_prefect_yaml_deploys_an_hourly_drop_folder_and_a_nightly_full_refresh():
    declared = {d["name"]: d for d in yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())["deployments"]}
    hourly, nightly = declared["drop-folder-hourly"], declared["full-refresh-nightly"]
    assert hourly["schedules"][0]["cron"].split()[1:] == ["*", "*", "*", "*"]  # every hour
    assert nightly["schedules"][0]["cron"].split()[2:] == ["*", "*", "*"]  # once a day
    assert set(hourly["parameters"]["paths"]) < set(nightly["parameters"]["paths"])


def test_a_runs_temporary_server_skips_registering_block_types(monkeypatch):
    from flows import runners

    started = {}

    class Started:
        def __init__(self, command, env, **kwargs):
            started.update(command=command, env=env)

    monkeypatch.setattr(runners.subprocess, "Popen", Started)
    server = runners.LocalServer.start()
    assert started["env"]["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "false"
    assert started["env"]["PREFECT_SERVER_API_HOST"] == "127.0.0.1" and "PREFECT_API_URL" not in started["env"]
    assert started["env"]["PREFECT_SERVER_API_AUTH_STRING"] == server.credential


def test_the_temporary_server_starts_before_prefect_is_imported(tmp_path, seed_document):
    """So that its start-up overlaps the command's own imports: the run calls LocalServer.start
    while Prefect is not yet in sys.modules (here the start is stopped there, and says so)."""
    probe = """
import sys, os
import flows.runners as runners
def start(cls):
    print("PREFECT_IMPORTED=" + str("prefect" in sys.modules), flush=True)
    os._exit(0)
runners.LocalServer.start = classmethod(start)
from statwh.cli import main
main(sys.argv[1:])
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["STATWH_SERVER_PORT"] = "9"  # no statwh server there to hand the run to
    done = subprocess.run([sys.executable, "-c", probe, "run", str(seed_document), "--warehouse",
                           str(tmp_path / "w.duckdb")], capture_output=True, text=True, env=env, timeout=120,
                          cwd=PROJECT_ROOT)
    assert "PREFECT_IMPORTED=False" in done.stdout, done.stdout + done.stderr


def test_the_credential_goes_only_to_loopback_and_a_users_own_wins(tmp_path, monkeypatch):
    from prefect.context import refresh_global_settings_context

    from flows import runners, security

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name in ("PREFECT_API_AUTH_STRING", "PREFECT_API_KEY"):  # set first, so that undo restores them as they were
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    refresh_global_settings_context()
    try:
        credential = security.load_or_create_credential(tmp_path / "statwh-api-auth")
        monkeypatch.setattr(security, "credential_path", lambda: tmp_path / "statwh-api-auth")
        assert runners.send_credential("http://10.1.2.3:4200/api") is False
        assert "PREFECT_API_AUTH_STRING" not in os.environ
        assert runners.send_credential("http://127.0.0.1:4200/api") is True
        assert os.environ["PREFECT_API_AUTH_STRING"] == credential
        from prefect.settings import PREFECT_API_AUTH_STRING, temporary_settings

        monkeypatch.setenv("PREFECT_API_AUTH_STRING", "me:mine")
        with temporary_settings({PREFECT_API_AUTH_STRING: "me:mine"}):  # as Prefect reads the user's setting
            assert runners.send_credential("http://127.0.0.1:4200/api") is False
        assert os.environ["PREFECT_API_AUTH_STRING"] == "me:mine"
    finally:
        monkeypatch.undo()
        refresh_global_settings_context()


def test_a_deleted_credential_is_made_anew_for_its_owner_alone(tmp_path):
    from flows.security import load_or_create_credential

    path = tmp_path / "statwh-api-auth"
    first = load_or_create_credential(path)
    assert load_or_create_credential(path) == first
    path.unlink()
    second = load_or_create_credential(path)
    assert second != first and second.startswith("statwh:") and path.stat().st_mode & 0o777 == 0o600


def _plain_server(answers: dict[str, int]):
    """A stub of a Prefect server without statwh's credential or deployment: each path's status."""
    import http.server
    import threading

    class Plain(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(answers.get(self.path.split("?")[0], 404))
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Plain)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/api"


def test_a_plain_prefect_server_gets_no_hand_over_and_a_schedule_on_it_is_warned_of():
    """docs/scheduling.md: a server that serves no statwh-run deployment (a plain `prefect server
    start`) runs the flow in the command's own process; a server that takes requests without a
    credential is served, with a warning (`statwh schedule` prints it when check_access is False)."""
    from flows import runners

    server, url = _plain_server({"/api/admin/version": 200, "/api/health": 200})
    try:
        assert runners.run_on_server(url, "statwh:" + "s" * 43, {"paths": []}) is None  # 404: the caller runs it
        assert runners.check_access(url) is False
    finally:
        server.shutdown()


@pytest.mark.parametrize("sentence, source", [
    ("Police said 300 homes were searched.", "police"),
    ("The government said 300 schools would close.", "government"),
    ("Police numbers fell by 5%.", None),  # police is what is counted, not who says so
])
def test_generic_police_or_government_is_a_source_only_as_the_subject_of_a_verb(sentence, source):
    from statwh.extract import extract_statistics
    from statwh.lexicon import load_lexicon

    assert [s.source for s in extract_statistics(sentence, None, None, None, load_lexicon())] == [source]


def test_a_connection_keeps_its_version_until_every_connection_to_the_file_is_closed(tmp_path, seed_document):
    """docs/connecting.md's second rule: in one process DuckDB shares one instance per path, so a
    new connection opened while another is still open reads the same version; once all are
    closed, a new one reads the latest."""
    import duckdb
    from conftest import load_without_prefect

    from statwh.publish import publishing

    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    count = "select count(*) from dim_geography"
    first = duckdb.connect(str(published), read_only=True)
    before = first.execute(count).fetchone()[0]
    with publishing(published, 10) as work:
        con = duckdb.connect(str(work))
        con.execute("insert into dim_geography values ('ffffffffffffffff', 'Atlantis')")
        con.close()
    second = duckdb.connect(str(published), read_only=True)
    assert second.execute(count).fetchone()[0] == before  # the instance the first connection opened
    first.close()
    second.close()
    third = duckdb.connect(str(published), read_only=True)
    assert third.execute(count).fetchone()[0] == before + 1
    third.close()
