"""Benchmark of the automatic forecast and its 80 % interval (issue 23).

    .venv/bin/python benchmarks/bench_forecast.py [--namnder 25] [--omraden 6] [--seed 23]

On synthetic committees (``benchmarks/forecast_committees.py``: seasonality, trend, level
shifts, noise, lumpy grant revenue the register knows, a budget set from last year's outcome),
for each origin month (April, August, October), the last year held out:

- error = Σ|forecast − outcome| / Σ|budget| over every area × type, for the automatic choice
  and for the baselines computed here from the raw outcome (not through the candidates):
  run rate (utfall × 12 / p), budget (forecast = budget) and last year's seasonality (Säsong);
  the mean signed error Σ(forecast − outcome) / Σ|budget|;
- the 80 % interval of every row: share of held-out outcomes inside (pooled and per month),
  mean width and mean Winkler score (both / mean |budget|), how many rows got an interval;
  the same for the areas' Netto and the committee's Totalt Netto;
- time: forecasts and intervals for 300 series (one committee of 150 areas, five years and
  the current one) after start-up, the whole backtest (every origin month), the hand rules alone
  as the baseline of the same run, and the import of the forecasting modules in a fresh
  interpreter.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.forecast_committees import Committee, committee, committees
from udfs.forecasting import auto as automatic
from udfs.forecasting import methods as fc
from udfs.forecasting.intervals import winkler
from udfs.forecasting.known_revenue import KnownRevenue

ORIGINS = (4, 8, 10)
TYPES = ("Intäkter", "Kostnader")


def _keys(c: Committee) -> tuple[list[tuple[str, str]], list[str]]:
    areas = [f"Område {a + 1}" for a in sorted(set(c.areas))]
    return [(areas[a], k) for a, k in zip(c.areas, c.kinds)], areas


def forecast(c: Committee, p: int, months: tuple[int, ...] | None = None) -> automatic.AutoForecast:
    history = c.at(p)
    keys, areas = _keys(c)
    known = KnownRevenue(history.grants, history.grant_year)
    window = months or tuple(range(1, 12))
    return automatic.from_history(history, p, keys, areas, known, window)


def baselines(c: Committee, p: int) -> dict[str, np.ndarray]:
    """Run rate, budget and last year's seasonality from the booked outcome (the hand rules)."""
    this, last = c.months[:, -1, :p].sum(axis=1), c.months[:, -2]
    seasonal = fc.sasong(this, fc.sasongsandel(last, np.full(len(this), p)))
    run_rate = fc.linjar(this, p)
    return {"run_rate": run_rate, "budget": c.budget[:, -1], "sasong": np.where(np.isnan(seasonal), run_rate, seasonal)}


def evaluate(items: list[Committee]) -> dict:
    out = {
        p: {
            k: []
            for k in (
                "chosen",
                "run_rate",
                "budget",
                "sasong",
                "outcome",
                "budget_abs",
                "low",
                "high",
                "net_low",
                "net_high",
                "net_out",
                "tot_low",
                "tot_high",
                "tot_out",
                "net_budget",
            )
        }
        for p in ORIGINS
    }
    for c in items:
        keys, areas = _keys(c)
        for p in ORIGINS:
            auto = forecast(c, p)
            r = out[p]
            r["chosen"].append(np.array([auto.chosen_value(i) for i in range(len(keys))]))
            for name, values in baselines(c, p).items():
                r[name].append(values)
            r["outcome"].append(c.outcome())
            r["budget_abs"].append(np.abs(c.budget[:, -1]))
            bands = [auto.bands[key] for key in keys]
            r["low"].append(np.array([b.low if b.shown else np.nan for b in bands]))
            r["high"].append(np.array([b.high if b.shown else np.nan for b in bands]))
            nets = [auto.bands[(a, "Netto")] for a in areas]
            r["net_low"].append(np.array([b.low if b.shown else np.nan for b in nets]))
            r["net_high"].append(np.array([b.high if b.shown else np.nan for b in nets]))
            outcome = c.outcome()
            r["net_out"].append(np.array([outcome[[i for i, k in enumerate(keys) if k[0] == a]].sum() for a in areas]))
            r["net_budget"].append(
                np.array([abs(c.budget[[i for i, k in enumerate(keys) if k[0] == a], -1].sum()) for a in areas])
            )
            total = auto.bands[("Totalt", "Netto")]
            r["tot_low"].append(np.array([total.low if total.shown else np.nan]))
            r["tot_high"].append(np.array([total.high if total.shown else np.nan]))
            r["tot_out"].append(np.array([outcome.sum()]))
    return {p: {k: np.concatenate(v) for k, v in r.items()} for p, r in out.items()}


def _coverage(low: np.ndarray, high: np.ndarray, outcome: np.ndarray, scale: np.ndarray) -> dict:
    shown = ~np.isnan(low)
    inside = (outcome >= low) & (outcome <= high)
    mean_scale = float(scale[shown].mean()) if shown.any() else float("nan")
    return {
        "shown": int(shown.sum()),
        "of": len(low),
        "inside": int(inside[shown].sum()),
        "coverage": float(inside[shown].mean()) if shown.any() else float("nan"),
        "width": float((high - low)[shown].mean()) / mean_scale if shown.any() else float("nan"),
        "winkler": float(winkler(low[shown], high[shown], outcome[shown]).mean()) / mean_scale
        if shown.any()
        else float("nan"),
    }


def report(results: dict) -> list[str]:
    lines = [
        "| origin | chosen | run rate | budget | Säsong | chosen / min(run rate, budget) | mean signed |",
        "|---|---|---|---|---|---|---|",
    ]
    for p, r in results.items():
        size = r["budget_abs"].sum()
        err = {
            k: float(np.nansum(np.abs(r[k] - r["outcome"])) / size) for k in ("chosen", "run_rate", "budget", "sasong")
        }
        signed = float(np.nansum(r["chosen"] - r["outcome"]) / size)
        ratio = err["chosen"] / min(err["run_rate"], err["budget"])
        lines.append(
            f"| {p} | {err['chosen']:.2%} | {err['run_rate']:.2%} | {err['budget']:.2%} | "
            f"{err['sasong']:.2%} | "
            f"{ratio:.2f} | {signed:+.2%} |"
        )
    lines += [
        "",
        (
            "| interval | origin | rows with one | held-out outcomes inside | coverage | mean width / "
            "|budget| | "
            "Winkler / |budget| |"
        ),
        "|---|---|---|---|---|---|---|",
    ]
    pooled = {k: [] for k in ("low", "high", "outcome", "budget_abs")}
    for level, (lo, hi, out, scale) in (
        ("rows", ("low", "high", "outcome", "budget_abs")),
        ("area Netto", ("net_low", "net_high", "net_out", "net_budget")),
        ("Totalt Netto", ("tot_low", "tot_high", "tot_out", "net_budget")),
    ):
        for p, r in results.items():
            sc = (
                r[scale]
                if level != "Totalt Netto"
                else np.array([r["net_budget"].sum() / len(r["tot_out"])] * len(r["tot_out"]))
            )
            c = _coverage(r[lo], r[hi], r[out], sc)
            lines.append(
                f"| {level} | {p} | {c['shown']} of {c['of']} | {c['inside']} | {c['coverage']:.1%} | "
                f"{c['width']:.2%} | {c['winkler']:.2%} |"
            )
            if level == "rows":
                for k, key in zip(("low", "high", "outcome", "budget_abs"), (lo, hi, out, scale)):
                    pooled[k].append(r[key])
        if level == "rows":
            c = _coverage(*(np.concatenate(pooled[k]) for k in ("low", "high", "outcome", "budget_abs")))
            lines.append(
                f"| rows | pooled | {c['shown']} of {c['of']} | {c['inside']} | {c['coverage']:.1%} | "
                f"{c['width']:.2%} | {c['winkler']:.2%} |"
            )
    return lines


def timing(seed: int) -> list[str]:
    rng = np.random.default_rng(seed + 1)
    big = committee(rng, "Stor nämnd", areas=150, years=6)
    p = 8
    forecast(big, p, (p - 1, p, p + 1))  # warm-up: first calls of numpy's functions
    started = time.perf_counter()
    auto = forecast(big, p, (p - 1, p, p + 1))
    fast = time.perf_counter() - started
    started = time.perf_counter()
    forecast(big, p)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(10):
        baselines(big, p)
    hand = (time.perf_counter() - started) / 10
    code = "import time; t = time.perf_counter(); import udfs.forecasting.auto; print(time.perf_counter() - t)"
    imported = float(
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT)},
            check=True,
        ).stdout
    )
    shown = sum(b.shown for b in auto.bands.values())
    return [
        (
            f"- forecasts and intervals, {len(big.kinds)} series (6 years, August), after start-up: {fast:.3f} s "
            f"({shown} of {len(auto.bands)} intervals shown)"
        ),
        f"- the whole backtest (every origin month 1–11 of every earlier year) and the same: {whole:.3f} s",
        (
            f"- baseline in the same run, the hand rules alone (run rate, Säsong, budget): {hand * 1000:.2f} ms "
            f"(ratio {fast / hand:.0f}×)"
        ),
        f"- import of udfs.forecasting.auto in a fresh interpreter (numpy included): {imported:.3f} s",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--namnder", type=int, default=25)
    parser.add_argument("--omraden", type=int, default=6)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = evaluate(committees(args.namnder, args.seed, args.omraden))
    elapsed = time.perf_counter() - started
    print(
        f"{args.namnder} committees × {args.omraden} areas × 2 types, seed {args.seed}, "
        f"{elapsed:.1f} s for {len(ORIGINS)} origins each\n"
    )
    print("\n".join(report(results)))
    print()
    print("\n".join(timing(args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
