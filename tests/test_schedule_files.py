"""The shipped cron line and systemd units: valid syntax, and commands opdcrawl accepts.

systemd's own checker (``systemd-analyze verify``) reads the units, with ExecStart= moved
to this venv's ``opdcrawl`` (verify refuses a binary that does not exist); its warnings
about unknown keys do not change its exit code, so any output naming a unit fails the
test too. The timer's calendar goes through ``systemd-analyze calendar``. The cron file
is read by a small parser of the crontab(5) format (five time fields and a command).
The arguments in both files are parsed by opdcrawl's own command line.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opdcrawl.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
INSTALL_ROOT = "/srv/opdcrawl"  # where the files expect the checkout (README)
SERVICE = DEPLOY / "systemd" / "opdcrawl-crawl.service"
TIMER = DEPLOY / "systemd" / "opdcrawl-crawl.timer"
CRON = DEPLOY / "cron" / "opdcrawl.cron"
WRAPPER = DEPLOY / "opdcrawl-round.sh"
OPDCRAWL_BIN = Path(sys.executable).with_name("opdcrawl")

# crontab(5): field -> (lowest, highest, names)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
CRON_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, MONTHS),
    ("day of week", 0, 7, DAYS),
)
ENV_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")


def cron_values(text: str, low: int, high: int, names: tuple[str, ...] | list[str]) -> set[int]:
    """The values one crontab field selects; ValueError on anything crontab(5) refuses."""
    values: set[int] = set()

    def number(word: str) -> int:
        if word.lower() in names:
            return names.index(word.lower()) + (1 if names is MONTHS else 0)
        if not word.isdigit():
            raise ValueError(f"not a number: {word!r}")
        value = int(word)
        if not low <= value <= high:
            raise ValueError(f"{value} outside {low}-{high}")
        return value

    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step_text and (not step_text.isdigit() or step < 1):
            raise ValueError(f"bad step: {part!r}")
        if span == "*":
            first, last = low, high
        elif "-" in span:
            first, last = (number(word) for word in span.split("-", 1))
            if first > last:
                raise ValueError(f"empty range: {span!r}")
        else:
            first = last = number(span)
            if step_text:
                last = high  # "5/10" = from 5 to the end, every 10
        values.update(range(first, last + 1, step))
    return values


def cron_entries(path: Path) -> list[tuple[list[set[int]], str]]:
    """(values of the five fields, command) per job line; comments and NAME=value skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#") or ENV_LINE.match(line):
            continue
        words = line.split(None, 5)
        assert len(words) == 6, f"{path.name}: five time fields and a command: {line!r}"
        fields = [
            cron_values(word, low, high, names)
            for word, (_, low, high, names) in zip(words[:5], CRON_FIELDS, strict=True)
        ]
        entries.append((fields, words[5]))
    return entries


def parse_round(words: list[str]):
    """The arguments as ``opdcrawl round`` reads them (SystemExit on a bad option)."""
    args = build_parser().parse_args(["round", *words])
    assert args.command == "round"
    return args


def command_words(command: str) -> list[str]:
    """The command's words, up to a shell redirection."""
    words = shlex.split(command)
    for index, word in enumerate(words):
        if word.startswith((">", "2>", "<", "|")):
            return words[:index]
    return words


# --- the parser itself --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "names", "expected"),
    [
        ("30", 0, 59, (), {30}),
        ("*/15", 0, 59, (), {0, 15, 30, 45}),
        ("1-5", 0, 7, DAYS, {1, 2, 3, 4, 5}),
        ("mon,fri", 0, 7, DAYS, {1, 5}),
        ("jan-mar", 1, 12, MONTHS, {1, 2, 3}),
        ("5/20", 0, 59, (), {5, 25, 45}),
    ],
)
def test_cron_field_parser_reads_crontab_syntax(text, low, high, names, expected) -> None:
    assert cron_values(text, low, high, names) == expected


@pytest.mark.parametrize("text", ["60", "5-1", "*/0", "x", "", "1-", "mon"])
def test_cron_field_parser_refuses_what_cron_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        cron_values(text, 0, 59, ())


def test_cron_parser_refuses_a_line_with_a_missing_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cron"
    broken.write_text("30 1 * * /srv/opdcrawl/deploy/opdcrawl-round.sh\n", encoding="utf-8")
    with pytest.raises((AssertionError, ValueError)):
        cron_entries(broken)


# --- the cron file --------------------------------------------------------------------


def test_cron_line_runs_the_wrapper_weekly_with_arguments_opdcrawl_accepts() -> None:
    entries = cron_entries(CRON)
    assert len(entries) == 1
    fields, command = entries[0]
    minute, hour, day, month, weekday = fields
    assert (minute, hour, weekday) == ({30}, {1}, {1}), "Monday 01:30"
    assert day == set(range(1, 32)) and month == set(range(1, 13))
    assert "%" not in command, "cron turns % into a newline"
    words = command_words(command)
    script = words[0]
    assert script.startswith(INSTALL_ROOT + "/")
    assert (REPO / script.removeprefix(INSTALL_ROOT + "/")) == WRAPPER
    assert os.access(WRAPPER, os.X_OK), "the wrapper must be executable"
    args = parse_round(words[1:])
    assert args.out == f"{INSTALL_ROOT}/laporan/{{tanggal}}"
    log = command.split(">>", 1)[1].split()[0]
    assert log.startswith(f"{INSTALL_ROOT}/log/"), "the README's install steps create log/"


@pytest.mark.parametrize(("program", "code"), [("true", 0), ("false", 1)])
def test_cron_command_logs_the_round_and_prints_only_a_failure(
    tmp_path: Path, program: str, code: int
) -> None:
    """What cron runs, through sh: output goes to the log; a failure leaves one line (mail)."""
    (tmp_path / "deploy").mkdir()
    (tmp_path / "log").mkdir()
    shutil.copy(WRAPPER, tmp_path / "deploy" / WRAPPER.name)
    [(_, command)] = cron_entries(CRON)
    env = {
        "PATH": os.environ["PATH"],
        "OPDCRAWL_HOME": str(tmp_path),
        "OPDCRAWL_ENV_FILE": str(tmp_path / "absent.env"),
        "OPDCRAWL_BIN": shutil.which(program) or program,  # stands in for `opdcrawl round`
    }
    result = subprocess.run(
        ["sh", "-c", command.replace(INSTALL_ROOT, str(tmp_path))],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    log = (tmp_path / "log" / "putaran.log").read_text(encoding="utf-8")
    assert "opdcrawl-round: mulai" in log
    assert result.stderr == ""
    if code == 0:
        assert result.stdout == "", "a good round must not mail anyone"
    else:
        assert result.stdout == (
            f"opdcrawl: putaran gagal (kode keluar {code}); lihat {tmp_path}/log/putaran.log\n"
        )


def test_wrapper_is_valid_sh() -> None:
    result = subprocess.run(["sh", "-n", str(WRAPPER)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- the systemd units ----------------------------------------------------------------


def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if not found:
        pytest.fail(
            "systemd-analyze is missing: install Debian's systemd package "
            "(sudo sh scripts/setup-system.sh)",
            pytrace=False,
        )
    return found


def unit_value(path: Path, key: str) -> str:
    values = [
        line.split("=", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"{key}=")
    ]
    assert len(values) == 1, f"{path.name}: one {key}= expected, found {values}"
    return values[0]


def units_in(folder: Path, service_text: str | None = None) -> list[Path]:
    """Copies of the units, the service's binary and folder moved to ones that exist."""
    folder.mkdir()
    text = service_text if service_text is not None else SERVICE.read_text(encoding="utf-8")
    binary = unit_value(SERVICE, "ExecStart").split()[0]
    text = text.replace(binary, str(OPDCRAWL_BIN))
    text = text.replace(f"WorkingDirectory={INSTALL_ROOT}", f"WorkingDirectory={folder}")
    service = folder / SERVICE.name
    service.write_text(text, encoding="utf-8")
    timer = folder / TIMER.name
    shutil.copy(TIMER, timer)
    return [service, timer]


def verify(units: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [systemd_analyze(), "verify", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SYSTEMD_LOG_COLOR": "0"},
    )


def complaints(result: subprocess.CompletedProcess[str], units: list[Path]) -> list[str]:
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if any(unit.name in line for unit in units)]


def test_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    assert OPDCRAWL_BIN.exists(), OPDCRAWL_BIN
    units = units_in(tmp_path / "units")
    result = verify(units)
    assert result.returncode == 0, result.stderr
    assert not complaints(result, units), result.stderr


def test_verify_check_catches_a_broken_unit(tmp_path: Path) -> None:
    """The check above can fail: a misspelt key and a missing binary are both caught."""
    text = SERVICE.read_text(encoding="utf-8").replace("TimeoutStopSec=", "TimeoutStopSek=")
    units = units_in(tmp_path / "typo", text)
    assert complaints(verify(units), units), "a misspelt key must be reported"
    missing = SERVICE.read_text(encoding="utf-8").replace(
        f"ExecStart={INSTALL_ROOT}/.venv/bin/opdcrawl", "ExecStart=/nonexistent/opdcrawl"
    )
    folder = tmp_path / "missing"
    folder.mkdir()
    (folder / SERVICE.name).write_text(missing, encoding="utf-8")
    assert verify([folder / SERVICE.name]).returncode != 0


def test_service_runs_a_round_opdcrawl_accepts() -> None:
    words = shlex.split(unit_value(SERVICE, "ExecStart"))
    assert words[0] == f"{INSTALL_ROOT}/.venv/bin/opdcrawl"
    assert words[1] == "round"
    args = parse_round(words[2:])
    assert args.out == f"{INSTALL_ROOT}/laporan/{{tanggal}}"
    assert unit_value(SERVICE, "Type") == "oneshot", "the timer waits for the round to end"
    assert unit_value(SERVICE, "WorkingDirectory") == INSTALL_ROOT
    assert unit_value(SERVICE, "EnvironmentFile").lstrip("-") == "/etc/opdcrawl/opdcrawl.env"


def test_timer_starts_the_service_on_monday_0130_jakarta_time() -> None:
    assert unit_value(TIMER, "Unit") == SERVICE.name
    calendar = unit_value(TIMER, "OnCalendar")
    result = subprocess.run(
        [systemd_analyze(), "calendar", "--iterations=3", calendar],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "TZ": "Asia/Jakarta"},
    )
    assert result.returncode == 0, result.stderr
    elapses = re.findall(r"(?:Next elapse|Iter\. #\d+): (\w+) \S+ (\S+)", result.stdout)
    assert len(elapses) == 3, result.stdout
    assert set(elapses) == {("Mon", "01:30:00")}, result.stdout


def test_env_example_is_read_the_same_by_sh_and_systemd() -> None:
    """NAME=value lines only: what both EnvironmentFile= and ``. file`` read alike."""
    for line in (DEPLOY / "opdcrawl.env.example").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assert re.fullmatch(r"[A-Z_][A-Z0-9_]*=[^\s'\"$`\\]*", line), line
