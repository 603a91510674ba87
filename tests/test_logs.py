import logging

from opdcrawl.logs import ROBOTS_LOGGER, RobotsFailureAsWarning, quiet_robots_failures


def make_record(level: int, msg: str) -> logging.LogRecord:
    try:
        raise ConnectionRefusedError("refused")
    except ConnectionRefusedError:
        import sys

        exc_info = sys.exc_info()
    return logging.LogRecord(ROBOTS_LOGGER, level, __file__, 1, msg, (), exc_info)


def test_robots_download_failure_becomes_a_one_line_warning():
    record = make_record(logging.ERROR, "Error downloading %(request)s: %(f_exception)s")
    assert RobotsFailureAsWarning().filter(record)
    assert record.levelno == logging.WARNING and record.levelname == "WARNING"
    assert record.exc_info is None


def test_other_records_are_left_alone():
    record = make_record(logging.ERROR, "Something else broke")
    RobotsFailureAsWarning().filter(record)
    assert record.levelno == logging.ERROR and record.exc_info is not None


def test_installed_once():
    quiet_robots_failures()
    quiet_robots_failures()
    filters = logging.getLogger(ROBOTS_LOGGER).filters
    assert sum(isinstance(f, RobotsFailureAsWarning) for f in filters) == 1
