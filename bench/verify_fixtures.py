#!/usr/bin/env python3
"""Write the fixtures of tests/verify.rs `agrees_with_metrics_py`: real geometries with the
counts that shared/bench/metrics.py gives them, so the Rust verifier is held to the same
numbers as the benchmark.

  python3 bench/verify_fixtures.py --bin target/release/flowc --bench-dir /tmp/flowc-bench \
      --out tests/cases/verify FILE.flow...

For each .flow file: flowc's layout as is, flowc's layout damaged at random (nodes moved,
label boxes moved, edge ends pushed off their nodes; seeded, so reruns give the same files),
and the same graph laid out by dot (sampled splines: diagonal segments, ends on the
bounding box) and, when installed, by ELK and dagre. Each fixture holds the geometry
(width/height = bounding box + 10 px) and `expect`: metrics.py's node_overlaps,
edge_through, ends/starts off the outline, label_node, label_label and label_edge.
"""
import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile


def damage(geo, seed):
    r = random.Random(seed)
    g = copy.deepcopy(geo)
    for n in g["nodes"]:
        if r.random() < 0.15:
            n["x"] = round(n["x"] + r.uniform(-60, 60), 2)
            n["y"] = round(n["y"] + r.uniform(-40, 40), 2)
    labelled = [e for e in g["edges"] if e.get("label")]
    for e in g["edges"]:
        if e.get("label") and labelled and r.random() < 0.2:
            # onto another label, or onto the middle of a random edge
            if r.random() < 0.5:
                o = r.choice(labelled)["label"]
                e["label"]["x"], e["label"]["y"] = round(o["x"] + 3, 2), round(o["y"] + 2, 2)
            else:
                o = r.choice(g["edges"])["points"]
                if len(o) >= 2:
                    a, b = o[len(o) // 2 - 1], o[len(o) // 2]
                    e["label"]["x"] = round((a[0] + b[0]) / 2 - e["label"]["w"] / 2, 2)
                    e["label"]["y"] = round((a[1] + b[1]) / 2 - e["label"]["h"] / 2, 2)
        elif e.get("label") and r.random() < 0.3:
            e["label"]["x"] = round(e["label"]["x"] + r.uniform(-30, 30), 2)
            e["label"]["y"] = round(e["label"]["y"] + r.uniform(-20, 20), 2)
        if r.random() < 0.1 and e["points"]:
            p = e["points"][-1]
            e["points"][-1] = [round(p[0] + r.choice([-1, 1]) * r.uniform(0, 4), 2), p[1]]
        if r.random() < 0.1 and e["points"]:
            p = e["points"][0]
            e["points"][0] = [p[0], round(p[1] + r.choice([-1, 1]) * r.uniform(0, 4), 2)]
    return g


def fixture(name, geo, graph, metrics):
    m = metrics.compute(geo, graph)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    back = {"process": "step", "decision": "decide", "start": "start", "end": "end"}
    xs = [n["x"] + n["w"] for n in geo["nodes"]] + [p[0] for e in geo["edges"] for p in e["points"]]
    ys = [n["y"] + n["h"] for n in geo["nodes"]] + [p[1] for e in geo["edges"] for p in e["points"]]
    for e in geo["edges"]:
        if e.get("label"):
            xs.append(e["label"]["x"] + e["label"]["w"])
            ys.append(e["label"]["y"] + e["label"]["h"])
    out = {
        "name": name,
        "width": round(max(xs) + 10, 2),
        "height": round(max(ys) + 10, 2),
        "nodes": [{"id": n["id"], "kind": back[kinds[n["id"]]], "x": n["x"], "y": n["y"], "w": n["w"], "h": n["h"]}
                  for n in geo["nodes"]],
        "edges": [{"from": e["from"], "to": e["to"], "points": e["points"],
                   **({"label_box": e["label"]} if e.get("label") else {})} for e in geo["edges"]],
        "expect": {
            "node-overlap": m["node_overlaps"],
            "edge-through-node": m["edge_through"],
            "start-off-outline": m["edges"] - m["starts_ok"],
            "end-off-outline": m["edges"] - m["ends_ok"],
            "label-on-node": m.get("label_node", 0),
            "label-on-label": m.get("label_label", 0),
            "label-on-edge": m.get("label_edge", 0),
        },
    }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.bench_dir))
    import flowc_vs_dot  # noqa: E402
    import metrics  # noqa: E402
    import run_peers  # noqa: E402
    os.makedirs(a.out, exist_ok=True)
    js = [e for e in ("elk", "dagre") if os.path.isdir(os.path.join(a.bench_dir, "node_modules"))]
    for k, path in enumerate(a.files):
        name = os.path.splitext(os.path.basename(path))[0]
        with tempfile.TemporaryDirectory() as tmp:
            lay, _, err = flowc_vs_dot.flowc_layout(os.path.abspath(a.bin), path, tmp)
            if lay is None:
                print(f"{name}: flowc failed: {err}", file=sys.stderr)
                continue
            geo, graph = flowc_vs_dot.to_harness(lay, name)
            geos = {"flowc": geo, "damaged": damage(geo, 1000 + k)}
            dgeo, _ = flowc_vs_dot.dot_layout(graph, tmp, 120)
            if dgeo:
                geos["dot"] = dgeo
            gpath = os.path.join(tmp, "g.json")
            with open(gpath, "w", encoding="utf-8") as f:
                json.dump(graph, f, ensure_ascii=False)
            for eng in js:
                runner = run_peers.JsRunner(eng, 120, None)
                out = os.path.join(tmp, eng + ".json")
                res = runner.layout(gpath, out, 1, 120, 5000)
                runner.kill()
                if res["status"] == "ok":
                    with open(out, encoding="utf-8") as f:
                        geos[eng] = json.load(f)
        for eng, g in geos.items():
            fx = fixture(f"{name}.{eng}", g, graph, metrics)
            with open(os.path.join(a.out, f"{name}.{eng}.json"), "w", encoding="utf-8") as f:
                json.dump(fx, f, ensure_ascii=False, separators=(",", ":"))
                f.write("\n")
            print(fx["name"], json.dumps(fx["expect"]))


if __name__ == "__main__":
    main()
