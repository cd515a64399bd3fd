"""Access rows for the public policy and transparency pages: everyone may read them."""

from fairwitness.accounts.tests.access import OK, Rows, everyone

ROWS: Rows = {
    ("GET", "policy/"): ("/policy/", None, everyone(OK)),
    ("GET", "transparency/"): ("/transparency/", None, everyone(OK)),
    ("GET", "transparency/report.csv"): ("/transparency/report.csv", None, everyone(OK)),
    ("GET", "transparency/report.json"): ("/transparency/report.json", None, everyone(OK)),
}
