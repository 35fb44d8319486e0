"""Configuration: flags > environment > config file > defaults, and where the file is found."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from refenrich.cli import build_parser, main
from refenrich.cli_extras import apply_config, crossref_settings
from refenrich.configfile import (
    CONFIG_FILE_NAME,
    Config,
    find_config_file,
    load_config,
    resolve_settings,
)
from refenrich.crossref.protocol import DEFAULT_CROSSREF_URL
from refenrich.errors import InputError

FILE = """\
[crossref]
mailto = "file@example.org"
url = "https://file.example.org"
plus_token = "file-token"
timeout = 7.5

[check]
fail_on = "error"

[bibtex]
flavour = "biblatex"
"""
ENV = {
    "REFENRICH_MAILTO": "env@example.org",
    "REFENRICH_CROSSREF_URL": "https://env.example.org",
    "REFENRICH_CROSSREF_PLUS_TOKEN": "env-token",
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "conf.toml"
    path.write_text(FILE, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the developer's own config and working directory out of these tests.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)


def test_defaults_without_anything() -> None:
    settings = resolve_settings(Config(), {})
    assert settings.base_url == DEFAULT_CROSSREF_URL
    assert settings.mailto is None
    assert settings.plus_token is None


def test_file_beats_defaults(config_file: Path) -> None:
    settings = resolve_settings(load_config(config_file), {})
    assert settings.mailto == "file@example.org"
    assert settings.base_url == "https://file.example.org"
    assert settings.plus_token == "file-token"
    assert settings.timeout == 7.5


def test_environment_beats_file(config_file: Path) -> None:
    settings = resolve_settings(load_config(config_file), ENV)
    assert settings.mailto == "env@example.org"
    assert settings.base_url == "https://env.example.org"
    assert settings.plus_token == "env-token"
    assert settings.timeout == 7.5  # only the file sets it


def test_flags_beat_environment_and_file(config_file: Path) -> None:
    args = build_parser().parse_args(
        ["check", "x.txt", "--config", str(config_file), "--mailto", "flag@example.org",
         "--crossref-url", "https://flag.example.org"]
    )  # fmt: skip
    apply_config(args, ENV)
    settings = crossref_settings(args, ENV)
    assert settings.mailto == "flag@example.org"
    assert settings.base_url == "https://flag.example.org"
    assert settings.plus_token == "env-token"


def test_empty_environment_values_do_not_hide_the_file(config_file: Path) -> None:
    settings = resolve_settings(load_config(config_file), {"REFENRICH_MAILTO": ""})
    assert settings.mailto == "file@example.org"


@pytest.mark.parametrize(
    ("argv", "fail_on"),
    [(["check", "x"], "error"), (["check", "x", "--fail-on", "warning"], "warning")],
)
def test_fail_on_from_file_unless_flag(config_file: Path, argv: list[str], fail_on: str) -> None:
    args = build_parser().parse_args([*argv, "--config", str(config_file)])
    apply_config(args, {})
    assert args.fail_on == fail_on


def test_built_in_defaults_for_options() -> None:
    args = build_parser().parse_args(["bibtex", "x"])
    apply_config(args, {})
    assert args.flavour == "bibtex"
    args = build_parser().parse_args(["check", "x"])
    apply_config(args, {})
    assert args.fail_on == "warning"


def test_flavour_from_file(config_file: Path) -> None:
    args = build_parser().parse_args(["bibtex", "x", "--config", str(config_file)])
    apply_config(args, {})
    assert args.flavour == "biblatex"


def test_where_the_file_is_found(tmp_path: Path, config_file: Path) -> None:
    cwd, user = tmp_path / "cwd", tmp_path / "user" / CONFIG_FILE_NAME
    cwd.mkdir()
    user.parent.mkdir()
    assert find_config_file(None, {}, cwd=cwd, user_file=user) is None
    user.write_text("", encoding="utf-8")
    assert find_config_file(None, {}, cwd=cwd, user_file=user) == user
    (cwd / CONFIG_FILE_NAME).write_text("", encoding="utf-8")
    assert find_config_file(None, {}, cwd=cwd, user_file=user) == cwd / CONFIG_FILE_NAME
    env = {"REFENRICH_CONFIG": str(config_file)}
    assert find_config_file(None, env, cwd=cwd, user_file=user) == config_file
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    assert find_config_file(str(other), env, cwd=cwd, user_file=user) == other


def test_user_config_dir_is_used(tmp_path: Path) -> None:
    user = tmp_path / "xdg" / "refenrich" / CONFIG_FILE_NAME
    user.parent.mkdir(parents=True)
    user.write_text('[check]\nfail_on = "error"\n', encoding="utf-8")
    args = build_parser().parse_args(["check", "x"])
    apply_config(args, {})
    assert args.fail_on == "error"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[crossref\n", "not valid TOML"),
        ("[crossref]\nmail_to = 'x'\n", "crossref.mail_to"),
        ("[check]\nfail_on = 'sometimes'\n", "check.fail_on"),
        ("[crossref]\ntimeout = -1\n", "crossref.timeout"),
    ],
)
def test_bad_config_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_config(path)


def test_missing_named_config_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(
        ["check", "-", "--config", str(tmp_path / "nope.toml")],
        environ={},
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 2
    assert "nope.toml (from --config) does not exist" in err.getvalue()


def test_help_has_examples() -> None:
    parser = build_parser()
    for command in (["--help"], ["check", "--help"], ["bibtex", "--help"], ["export", "--help"]):
        out = io.StringIO()
        with pytest.raises(SystemExit):
            _print_help(parser, command, out)
        assert "examples:" in out.getvalue(), command


def _print_help(parser: argparse.ArgumentParser, argv: list[str], out: io.StringIO) -> None:
    import contextlib

    with contextlib.redirect_stdout(out):
        parser.parse_args(argv)


@pytest.mark.parametrize("value", ["inf", "nan", "1e-300", "1e12", "0"])
def test_a_timeout_that_would_break_or_time_out_every_request_is_refused(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "refenrich.toml"
    path.write_text(f"[crossref]\ntimeout = {value}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"crossref\.timeout"):
        load_config(path)


def test_the_library_refuses_an_infinite_timeout_too() -> None:
    from refenrich.crossref import CrossrefSettings

    with pytest.raises(InputError, match="timeout"):
        CrossrefSettings(timeout=float("inf"))
