#!/usr/bin/env python3
"""An independent implementation of gold.daily_prices' derived columns, for cross-checking.

Reads two CSV files exported from Postgres (header row included):
  prices: symbol, dt, close, adj_close, currency, close_usd, ret_1d, sma_20, sma_50, sma_200, vol_30d,
          drawdown, high_52w, low_52w
  fx:     dt, currency, usd_per_unit
recomputes every derived column from adj_close / close and the FX table exactly as the data contract
(../shared docs: "gold.daily_prices") defines it, in plain Python (statistics.stdev works in exact
fractions), and compares them with what the pipeline loaded: relative 1e-9, absolute 1e-12 near zero.

Python's standard library only (no pandas here: this machine has no PyPI). Exit 0 and a summary line
when everything agrees; exit 1 with the first disagreements otherwise.

Usage: crosscheck_daily_prices.py PRICES_CSV FX_CSV
"""

import csv
import math
import statistics
import sys
from collections import defaultdict

REL, ABS = 1e-9, 1e-12
WINDOWS = {"sma_20": 20, "sma_50": 50, "sma_200": 200}


def num(text):
    return None if text == "" else float(text)


def close_enough(expected, actual):
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(expected - actual) <= max(ABS, REL * max(abs(expected), abs(actual)))


def derived(rows, fx):
    """Yields (column, expected) pairs per row of one symbol, rows sorted by dt."""
    adj = [float(r["adj_close"]) for r in rows]
    rets = [None] + [adj[i] / adj[i - 1] - 1 for i in range(1, len(adj))]
    running_max = -math.inf
    for i, row in enumerate(rows):
        running_max = max(running_max, adj[i])
        out = {"ret_1d": rets[i], "drawdown": adj[i] / running_max - 1}
        for column, n in WINDOWS.items():
            out[column] = statistics.fmean(adj[i - n + 1 : i + 1]) if i + 1 >= n else None
        last30 = rets[max(0, i - 29) : i + 1]
        ok = len(last30) == 30 and all(r is not None for r in last30)
        out["vol_30d"] = statistics.stdev(last30) * math.sqrt(252) if ok else None
        year = adj[max(0, i - 251) : i + 1]
        out["high_52w"], out["low_52w"] = max(year), min(year)
        rate = fx.get((row["dt"], row["currency"]))
        out["close_usd"] = None if rate is None else float(row["close"]) * rate
        yield row, out


def main(prices_csv, fx_csv):
    with open(fx_csv, newline="") as f:
        fx = {(r["dt"], r["currency"]): float(r["usd_per_unit"]) for r in csv.DictReader(f)}
    by_symbol = defaultdict(list)
    with open(prices_csv, newline="") as f:
        for r in csv.DictReader(f):
            by_symbol[r["symbol"]].append(r)
    checked, problems = 0, []
    for symbol, rows in sorted(by_symbol.items()):
        rows.sort(key=lambda r: r["dt"])
        for row, expected in derived(rows, fx):
            for column, value in expected.items():
                checked += 1
                actual = num(row[column])
                if not close_enough(value, actual):
                    problems.append(f"{symbol} {row['dt']} {column}: expected {value!r}, loaded {actual!r}")
    if problems:
        print(f"{len(problems)} of {checked} values disagree; first ones:", file=sys.stderr)
        print("\n".join(problems[:10]), file=sys.stderr)
        return 1
    print(f"crosscheck: {checked} values in {sum(map(len, by_symbol.values()))} rows of {len(by_symbol)} symbols agree")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
