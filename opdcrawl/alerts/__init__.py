"""Alerts: tell the offices what changed since the last notified run (``opdcrawl alerts``).

``sources`` says what is worth an alert (one registry, also read by the dashboard's
warnings), ``detect`` finds it by comparing the latest state with the state the last run
of ``opdcrawl alerts`` saw, ``outbox`` records each alert once and a delivery per
recipient in SQL, ``deliver`` sends one message per recipient and region (``email``:
SMTP, ``webhook``: JSON POST) and keeps what failed for the next run.
"""
