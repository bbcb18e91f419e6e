#!/usr/bin/env python3
"""flowc against dot, ELK and dagre on the same graphs, side by side, in one run.

  python3 bench/compare.py --bin target/release/flowc --bench-dir /tmp/flowc-bench [--quick]

Driven by bench/compare.sh (which builds flowc and prepares --bench-dir, a writable copy
of shared/bench with node_modules when npm is available). Corpora:

  examples   the repository's examples/*.flow
  north      the 1,277 North DAGs (north2flow.py), --quick keeps every 10th
  gen        gen.py | graph2flow.py flowcharts of 40..2,560 nodes (3 seeds up to 640,
             2 above) and one of 10,000 nodes (--quick: 40..640, one seed, no 10,000)
  scale      time only (no quality metrics): gen.py flowcharts of 1,000, 3,000, 10,000,
             30,000 and 100,000 nodes, every engine until it times out; prints the
             flowc/peer time ratios and how flowc's time grows per size step
             (not in the default set: `--corpora scale`)

Every file is laid out by flowc (`build FILE --format layout-json`); its node sizes, kinds
and label boxes become the neutral graph the peers lay out (flowc_vs_dot.to_harness), so
all engines place the same boxes. All geometries go through metrics.compute.

Times: flowc and dot are whole processes (parse + layout + JSON out), ELK and dagre are
timed inside Node around the layout call only (start-up and graph building excluded, as in
run_peers.py): the comparison favours the JS engines. Each file is run 3 times (median)
unless a run takes over 5 s. An engine that exceeds --timeout on a generated size skips the
larger sizes. Results: a table on stdout and DIR/compare.json.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ENGINES_JS = ("elk", "dagre")
CAP_MS = 5000.0
GEN_SIZES = [(40, 3), (80, 3), (160, 3), (320, 3), (640, 3), (1280, 2), (2560, 2), (10000, 1)]
QUICK_SIZES = [(40, 1), (80, 1), (160, 1), (320, 1), (640, 1)]
SCALE_SIZES = [1000, 3000, 10000, 30000, 100000]


def run_timed(cmd, timeout, repeats):
    """Median wall ms of `cmd` over up to `repeats` runs; (ms, completed, last result)."""
    runs, r = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None
        ms = (time.perf_counter() - t0) * 1000
        if r.returncode != 0:
            return ms, r
        runs.append(ms)
        if ms > CAP_MS:
            break
    return statistics.median(runs), r


def quality(m):
    return {
        "cross": m.get("crossings", 0),
        "ovl_len": m.get("overlap_len", 0.0),
        "bends": m.get("bends", 0),
        "ovl": m.get("node_overlaps", 0),
        "thru": m.get("edge_through", 0),
        "lbl": m.get("label_node", 0) + m.get("label_label", 0) + m.get("label_edge", 0),
        "bad_ends": (m["edges"] - m.get("ends_ok", 0)) + (m["edges"] - m.get("starts_ok", 0)),
    }


class Compare:
    def __init__(self, a, B):
        self.a, self.B = a, B
        self.metrics, self.run_peers, self.fvd = B["metrics"], B["run_peers"], B["flowc_vs_dot"]
        self.engines = ["flowc"] + [e for e in a.engines.split(",") if e and e != "flowc"]
        self.runners = {}
        self.work = os.path.join(a.out, "work")
        os.makedirs(self.work, exist_ok=True)

    def runner(self, engine, warmup):
        """The engine's Node process, warmed up (3 untimed layouts) on the first graph it gets."""
        if engine not in self.runners:
            keep = os.path.join(self.work, "warmup.graph.json")   # kept: a restart warms up again
            if not os.path.exists(keep):
                shutil.copyfile(warmup, keep)
            self.runners[engine] = self.run_peers.JsRunner(engine, 120, keep)
        return self.runners[engine]

    def one(self, path, skip, measure=True):
        """All engines on one .flow file: {engine: record}; `measure=False` times only
        (no quality metrics, which take long on the largest graphs)."""
        name = os.path.splitext(os.path.basename(path))[0]
        out = {}
        lay_path = os.path.join(self.work, name + ".layout.json")
        ms, r = run_timed([self.a.bin, "build", path, "--format", "layout-json", "-o", lay_path],
                          self.a.timeout, 3)
        if ms is None:
            out["flowc"] = {"status": "timeout"}
            return out
        if r.returncode != 0 or not os.path.exists(lay_path):
            err = r.stderr.decode("utf-8", "replace").strip().splitlines()
            out["flowc"] = {"status": "error", "note": (err[-1] if err else "no output")[:200]}
            return out
        with open(lay_path, encoding="utf-8") as f:
            lay = json.load(f)
        os.remove(lay_path)
        geo, graph = self.fvd.to_harness(lay, name)
        if measure:
            m = self.metrics.compute(geo, graph)
            out["flowc"] = {"status": "ok", "ms": ms, "nodes": m["nodes"], "edges": m["edges"], **quality(m)}
        else:
            out["flowc"] = {"status": "ok", "ms": ms}
        gpath = os.path.join(self.work, name + ".graph.json")
        with open(gpath, "w", encoding="utf-8") as f:
            json.dump(graph, f, ensure_ascii=False)
        for eng in self.engines[1:]:
            if eng in skip:
                out[eng] = {"status": "skipped"}
                continue
            if eng == "dot":
                out[eng] = self.dot(graph, name, measure)
            elif eng in ENGINES_JS:
                out[eng] = self.js(eng, graph, gpath, name, measure)
        os.remove(gpath)
        return out

    def dot(self, graph, name, measure=True):
        dot_file = os.path.join(self.work, name + ".dot")
        with open(dot_file, "w", encoding="utf-8") as f:
            f.write(self.run_peers.to_dot(graph, False))
        ms, r = run_timed(["dot", "-Tjson", dot_file], self.a.timeout, 3)
        os.remove(dot_file)
        if ms is None:
            return {"status": "timeout"}
        if r.returncode != 0:
            return {"status": "error", "note": r.stderr.decode("utf-8", "replace")[-200:]}
        if not measure:
            return {"status": "ok", "ms": ms}
        geo = self.run_peers.parse_dot_json(graph, json.loads(r.stdout), False)
        geo = {"engine": "dot", "graph": name, "edge_style": "spline", **geo}
        m = self.metrics.compute(geo, graph)
        return {"status": "ok", "ms": ms, "spline": True, **quality(m)}

    def js(self, eng, graph, gpath, name, measure=True):
        out = os.path.join(self.work, name + "." + eng + ".json")
        try:
            res = self.runner(eng, gpath).layout(gpath, out, 3, self.a.timeout, CAP_MS)
        except RuntimeError as ex:
            return {"status": "error", "note": str(ex)[:200]}
        if res["status"] != "ok" or not res["runs_ms"]:
            return {"status": res["status"], "note": res.get("note", "")[:200]}
        with open(out, encoding="utf-8") as f:
            geo = json.load(f)
        os.remove(out)
        if not measure:
            return {"status": "ok", "ms": statistics.median(res["runs_ms"])}
        m = self.metrics.compute(geo, graph)
        return {"status": "ok", "ms": statistics.median(res["runs_ms"]), **quality(m)}

    def close(self):
        for r in self.runners.values():
            r.kill()


def summarize(engines, rows):
    """Totals per engine over its successes, plus paired ratios against flowc."""
    tot = {}
    for eng in engines:
        ok = [r[eng] for r in rows if r.get(eng, {}).get("status") == "ok"]
        t = {"ok": len(ok), "failed": sum(1 for r in rows if r.get(eng, {}).get("status") in ("error", "timeout")),
             "skipped": sum(1 for r in rows if r.get(eng, {}).get("status") == "skipped")}
        for k in ("cross", "ovl_len", "bends", "ovl", "thru", "lbl", "bad_ends"):
            t[k] = sum(o[k] for o in ok)
        t["spline"] = any(o.get("spline") for o in ok)
        t["ms_median"] = statistics.median([o["ms"] for o in ok]) if ok else None
        t["ms_total"] = sum(o["ms"] for o in ok)
        tot[eng] = t
    for eng in engines[1:]:
        both = [r for r in rows if r.get("flowc", {}).get("status") == "ok" and r.get(eng, {}).get("status") == "ok"]
        if not both:
            continue
        fc = sum(r["flowc"]["cross"] for r in both)
        pc = sum(r[eng]["cross"] for r in both)
        fm = statistics.median([r["flowc"]["ms"] for r in both])
        pm = statistics.median([r[eng]["ms"] for r in both])
        tot["flowc"]["vs_" + eng] = {
            "files": len(both), "cross": fc, eng + "_cross": pc,
            "cross_ratio": round(fc / pc, 3) if pc else None,
            "ms_median": round(fm, 1), eng + "_ms_median": round(pm, 1),
            "time_ratio": round(fm / pm, 3) if pm else None,
        }
    return tot


def fmt_n(v):
    return "-" if v is None else (f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")


def ratio(v):
    return "-" if v is None else f"{v:.3f}"


def print_totals(title, engines, tot):
    print(f"\n## {title}")
    print(f"{'engine':<7} {'ok':>5} {'fail':>5} {'skip':>5} {'crossings':>10} {'shared px':>10} {'bends':>8} {'overlaps':>9} "
          f"{'through':>8} {'label ovl':>10} {'bad ends':>9} {'median ms':>10} {'total ms':>11}")
    for eng in engines:
        t = tot[eng]
        bends = "spline" if t["spline"] else fmt_n(t["bends"])
        print(f"{eng:<7} {t['ok']:>5} {t['failed']:>5} {t['skipped']:>5} {fmt_n(t['cross']):>10} "
              f"{fmt_n(round(t['ovl_len'])):>10} {bends:>8} "
              f"{fmt_n(t['ovl']):>9} {fmt_n(t['thru']):>8} {fmt_n(t['lbl']):>10} {fmt_n(t['bad_ends']):>9} "
              f"{fmt_n(t['ms_median']):>10} {fmt_n(round(t['ms_total'], 1)):>11}")
    for eng in engines[1:]:
        v = tot["flowc"].get("vs_" + eng)
        if v:
            print(f"flowc/{eng} on the {v['files']} files both laid out: crossings {v['cross']:,} / "
                  f"{v[eng + '_cross']:,} = {ratio(v['cross_ratio'])}; median time {v['ms_median']} / "
                  f"{v[eng + '_ms_median']} ms = {ratio(v['time_ratio'])}")


def print_sizes(engines, rows):
    sizes = sorted({r["size"] for r in rows})
    print("\nper size (median ms | crossings summed over seeds; '-' = failed/skipped/timeout):")
    print(f"{'nodes':>6} " + " ".join(f"{e + ' ms':>11} {e + ' cr':>9}" for e in engines))
    for n in sizes:
        cells = []
        for e in engines:
            ok = [r[e] for r in rows if r["size"] == n and r.get(e, {}).get("status") == "ok"]
            all_n = sum(1 for r in rows if r["size"] == n)
            if len(ok) < all_n or not ok:
                cells.append(f"{'-':>11} {'-':>9}")
            else:
                cells.append(f"{statistics.median(o['ms'] for o in ok):>11,.1f} {sum(o['cross'] for o in ok):>9,}")
        print(f"{n:>6} " + " ".join(cells))


def print_scale(engines, rows):
    print("\n## scale: whole-process time per size (median of 3 runs; one run above 5 s)")
    print(f"{'nodes':>7} " + " ".join(f"{e + ' ms':>12}" for e in engines)
          + " " + " ".join(f"{'flowc/' + e:>11}" for e in engines[1:]) + f" {'flowc growth':>13}")
    prev = None
    for r in rows:
        cells = [f"{r[e]['ms']:>12,.1f}" if r.get(e, {}).get("status") == "ok" else f"{r.get(e, {}).get('status', '-'):>12}"
                 for e in engines]
        f = r.get("flowc", {})
        ratios = [f"{f['ms'] / r[e]['ms']:>11.3f}" if f.get("status") == "ok" and r.get(e, {}).get("status") == "ok"
                  else f"{'-':>11}" for e in engines[1:]]
        growth = "-"
        if prev and f.get("status") == "ok" and prev[1].get("status") == "ok":
            growth = f"x{f['ms'] / prev[1]['ms']:.2f} for x{r['size'] / prev[0]:.1f}"
        print(f"{r['size']:>7} " + " ".join(cells) + " " + " ".join(ratios) + f" {growth:>13}")
        prev = (r["size"], f)


def load_bench(d):
    sys.path.insert(0, d)
    import flowc_vs_dot  # noqa: E402
    import metrics  # noqa: E402
    import run_peers  # noqa: E402
    return {"metrics": metrics, "run_peers": run_peers, "flowc_vs_dot": flowc_vs_dot}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="flowc binary")
    ap.add_argument("--bench-dir", required=True, help="writable copy of shared/bench")
    ap.add_argument("--examples", default="examples", help="folder of .flow examples")
    ap.add_argument("--engines", default="dot,elk,dagre")
    ap.add_argument("--corpora", default="examples,north,gen")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per run before giving up")
    ap.add_argument("--quick", action="store_true", help="every 10th North DAG, generated 40..640 only")
    ap.add_argument("--out", default="target/bench-compare", help="results and scratch folder")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    a.out = os.path.abspath(a.out)
    B = load_bench(os.path.abspath(a.bench_dir))
    c = Compare(a, B)
    print(f"engines: {', '.join(c.engines)}; dot: {B['run_peers'].dot_version()}; timeout {a.timeout}s")
    results = {}
    corpora = a.corpora.split(",")
    try:
        if "examples" in corpora:
            files = sorted(os.path.join(a.examples, f) for f in os.listdir(a.examples) if f.endswith(".flow"))
            rows = [dict(file=os.path.basename(p), **c.one(p, set())) for p in files]
            results["examples"] = rows
            print_totals(f"examples ({len(rows)} files)", c.engines, summarize(c.engines, rows))
            for r in rows:
                print("  " + r["file"] + ": " + "; ".join(
                    f"{e} {r[e].get('status')}" + (f" {r[e]['cross']} cr {r[e]['ms']:.0f} ms" if r[e].get("status") == "ok"
                                                   else f" ({r[e].get('note', '')})")
                    for e in c.engines if e in r))
        if "north" in corpora:
            nd = os.path.join(a.out, "north")
            cmd = [sys.executable, os.path.join(a.bench_dir, "north2flow.py"),
                   os.path.join(a.bench_dir, "north.tsv"), nd] + (["--every", "10"] if a.quick else [])
            subprocess.run(cmd, check=True)
            files = sorted(os.path.join(nd, f) for f in os.listdir(nd) if f.endswith(".flow"))
            rows = []
            t0 = time.time()
            for i, p in enumerate(files):
                rows.append(dict(file=os.path.basename(p), **c.one(p, set())))
                if (i + 1) % 200 == 0:
                    print(f"  north: {i + 1}/{len(files)} ({time.time() - t0:.0f} s)", file=sys.stderr)
            results["north"] = rows
            print_totals(f"North DAGs ({len(rows)} graphs)", c.engines, summarize(c.engines, rows))
        if "gen" in corpora:
            gd = os.path.join(a.out, "gen")
            os.makedirs(gd, exist_ok=True)
            rows, dead = [], {}
            for n, seeds in (QUICK_SIZES if a.quick else GEN_SIZES):
                for s in range(seeds):
                    p = os.path.join(gd, f"g{n:05d}_s{s}.flow")
                    if not os.path.exists(p):
                        g = subprocess.run([sys.executable, os.path.join(a.bench_dir, "gen.py"), "--nodes", str(n),
                                            "--seed", str(s)], capture_output=True, check=True).stdout
                        flow = subprocess.run([sys.executable, os.path.join(a.bench_dir, "graph2flow.py"), "-"],
                                              input=g, capture_output=True, check=True).stdout
                        with open(p, "wb") as f:
                            f.write(flow)
                    skip = {e for e, at in dead.items() if n >= at}
                    t0 = time.time()
                    r = dict(file=os.path.basename(p), size=n, **c.one(p, skip))
                    rows.append(r)
                    for e in c.engines:
                        if r.get(e, {}).get("status") in ("timeout", "error") and e not in dead:
                            dead[e] = n
                    print(f"  gen {os.path.basename(p)}: " + ", ".join(
                        f"{e} {r[e]['ms']:.0f} ms" if r.get(e, {}).get("status") == "ok" else f"{e} {r.get(e, {}).get('status')}"
                        for e in c.engines) + f" ({time.time() - t0:.0f} s)", file=sys.stderr)
            results["gen"] = rows
            print_totals(f"generated flowcharts ({len(rows)} files)", c.engines, summarize(c.engines, rows))
            print_sizes(c.engines, rows)
        if "scale" in corpora:
            gd = os.path.join(a.out, "gen")
            os.makedirs(gd, exist_ok=True)
            rows, dead = [], {}
            for n in SCALE_SIZES:
                p = os.path.join(gd, f"g{n:06d}_s0.flow")
                if not os.path.exists(p):
                    g = subprocess.run([sys.executable, os.path.join(a.bench_dir, "gen.py"), "--nodes", str(n),
                                        "--seed", "0"], capture_output=True, check=True).stdout
                    flow = subprocess.run([sys.executable, os.path.join(a.bench_dir, "graph2flow.py"), "-"],
                                          input=g, capture_output=True, check=True).stdout
                    with open(p, "wb") as f:
                        f.write(flow)
                r = dict(file=os.path.basename(p), size=n, **c.one(p, {e for e, at in dead.items() if n >= at}, measure=False))
                rows.append(r)
                for e in c.engines:
                    if r.get(e, {}).get("status") in ("timeout", "error") and e not in dead:
                        dead[e] = n
                print(f"  scale {n}: " + ", ".join(f"{e} {r[e].get('ms', r[e].get('status'))}" for e in c.engines if e in r),
                      file=sys.stderr)
            results["scale"] = rows
            print_scale(c.engines, rows)
    finally:
        c.close()
    summary = {k: summarize(c.engines, v) for k, v in results.items() if k != "scale"}
    with open(os.path.join(a.out, "compare.json"), "w", encoding="utf-8") as f:
        json.dump({"engines": c.engines, "summary": summary, "rows": results}, f, ensure_ascii=False, indent=1)
    print(f"\nper-file results: {os.path.join(a.out, 'compare.json')}")


if __name__ == "__main__":
    main()
