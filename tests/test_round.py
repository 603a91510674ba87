"""``opdcrawl round`` without a crawl: the step runner and the checks made before it.

The steps here are real child processes (small Python programs), so exit codes, signals
and the order of steps are the operating system's, not simulated. The round with real
crawls is in ``tests/test_round_crawl.py``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from opdcrawl.cli import main
from opdcrawl.dates import JAKARTA
from opdcrawl.round import Step, exit_code, out_folder, round_steps, run_steps, shown

PYTHON = sys.executable


def touch_step(path: Path) -> Step:
    return Step(f"tulis {path.name}", [PYTHON, "-c", f"open({str(path)!r}, 'w').close()"])


def exit_step(code: int) -> Step:
    return Step(f"keluar {code}", [PYTHON, "-c", f"import sys; sys.exit({code})"])


def test_steps_run_in_order_until_the_first_failure_whose_code_is_returned(
    tmp_path: Path,
) -> None:
    first, last = tmp_path / "first", tmp_path / "last"
    lines: list[str] = []
    code = run_steps([touch_step(first), exit_step(3), touch_step(last)], say=lines.append)
    assert code == 3
    assert first.exists(), "the step before the failure ran"
    assert not last.exists(), "no step runs after a failed one"
    assert any("[2/3] GAGAL (kode keluar 3)" in line for line in lines), lines


def test_a_round_of_successful_steps_exits_zero(tmp_path: Path) -> None:
    made = [tmp_path / name for name in ("a", "b")]
    lines: list[str] = []
    assert run_steps([touch_step(path) for path in made], say=lines.append) == 0
    assert all(path.exists() for path in made)
    assert lines[-1].startswith("Putaran selesai: 2 langkah berhasil"), lines


def test_a_step_killed_by_a_signal_ends_the_round_with_128_plus_the_signal(
    tmp_path: Path,
) -> None:
    killed = Step("mati", [PYTHON, "-c", "import os, signal; os.kill(os.getpid(), 9)"])
    after = tmp_path / "after"
    assert run_steps([killed, touch_step(after)], say=lambda _: None) == 128 + 9
    assert not after.exists()
    assert exit_code(-15) == 143 and exit_code(0) == 0 and exit_code(2) == 2


CHILD = """\
import pathlib, signal, sys, time
folder = pathlib.Path(sys.argv[1])
def closing(signum, frame):
    (folder / "closed-cleanly").write_text(str(signum))
    sys.exit(0)  # a crawl that closes cleanly on SIGTERM may still exit 0
signal.signal(signal.SIGTERM, closing)
(folder / "ready").write_text("")
time.sleep(60)
"""


def test_sigterm_reaches_the_running_step_and_stops_the_round(tmp_path: Path) -> None:
    """`kill <round>` (or systemd stopping the unit) lets the crawl close, then stops."""
    child = tmp_path / "child.py"
    child.write_text(CHILD, encoding="utf-8")
    after = tmp_path / "after"
    program = textwrap.dedent(
        f"""
        import sys
        from opdcrawl.round import Step, run_steps
        steps = [Step("crawl", [{PYTHON!r}, {str(child)!r}, {str(tmp_path)!r}]),
                 Step("report", [{PYTHON!r}, "-c", "open({str(after)!r}, 'w')"])]
        sys.exit(run_steps(steps))
        """
    )
    # The round's own process group, so the signal reaches only what the test sends.
    round_process = subprocess.Popen(
        [PYTHON, "-c", program], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "ready").exists():
            assert time.monotonic() < deadline, "the step did not start"
            assert round_process.poll() is None, round_process.communicate()
            time.sleep(0.05)
        round_process.send_signal(signal.SIGTERM)
        output, _ = round_process.communicate(timeout=30)
    finally:
        if round_process.poll() is None:
            round_process.kill()
    assert (tmp_path / "closed-cleanly").read_text() == str(int(signal.SIGTERM))
    assert round_process.returncode == 128 + signal.SIGTERM, output
    assert not after.exists(), "the report step must not run after a stopped crawl"
    assert "dihentikan oleh sinyal SIGTERM pada langkah 1/2" in output


def test_round_steps_are_the_commands_an_operator_would_type() -> None:
    steps = round_steps(
        spiders=["websites", "social"],
        regions=["kota-serang", "kota-cilegon"],
        seeds="/srv/registri",
        settings=["DOWNLOAD_TIMEOUT=10"],
        formats=["xlsx", "html"],
        kinds=["website"],
        out_dir="laporan/2025-03-10",
        database_url=None,
    )
    assert [shown(step.command) for step in steps] == [
        "scrapy crawl websites -a region=kota-serang,kota-cilegon -a seeds=/srv/registri"
        " -s DOWNLOAD_TIMEOUT=10",
        "scrapy crawl social -a region=kota-serang,kota-cilegon -a seeds=/srv/registri"
        " -s DOWNLOAD_TIMEOUT=10",
        "opdcrawl report --out laporan/2025-03-10 --kanal website --region kota-serang"
        " --region kota-cilegon --format xlsx --format html",
    ]


def test_out_folder_takes_the_rounds_date_in_jakarta() -> None:
    utc_evening = datetime.fromisoformat("2025-03-09T20:00:00+00:00")  # the 10th in WIB
    assert out_folder("laporan/{tanggal}", utc_evening) == "laporan/2025-03-10"
    assert out_folder("laporan/{tanggal}", utc_evening.astimezone(JAKARTA)) == "laporan/2025-03-10"
    assert out_folder("laporan", utc_evening) == "laporan"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--spider", "websits"], "Spider tidak dikenal: websits"),
        (["--format", "pdf"], "Format tidak dikenal: 'pdf'"),
        (["--setting", "DOWNLOAD_TIMEOUT"], "--setting harus berbentuk NAMA=NILAI"),
    ],
)
def test_bad_arguments_fail_before_any_crawl(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "laporan"
    assert main(["round", "--out", str(out), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_dry_run_shows_the_plan_and_runs_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "laporan"
    assert main(["round", "--region", "kota-serang", "--out", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "1. scrapy crawl websites -a region=kota-serang" in printed
    assert "2. scrapy crawl social -a region=kota-serang" in printed
    assert f"3. opdcrawl report --out {out} --kanal website --region kota-serang" in printed
    assert not out.exists()
