#!/usr/bin/env python3
"""Generates a synthetic Spack store for test/bench/60_spack.sh.

Shaped like real stores: a pool of shared concrete nodes in layers (leaf
libraries at the bottom, compilers and build tools shared by almost every
package), each depending on a few nodes of lower layers with Spack's mix of
dependency types; then root installs whose DAGs (40 to 150 nodes) are unions
of these shared sub-DAGs. Each root is written as one spec.json v5 document
per line, holding every node of its DAG, as `spack buildcache` would.

usage: spack_corpus.py NODES ROOTS SEED > corpus.jsonl
"""
import base64
import hashlib
import json
import random
import sys

n_nodes, n_roots, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)


def dag_hash(key):
    return base64.b32encode(hashlib.sha1(key.encode()).digest()).decode().lower()[:32]


LAYERS = 10
DEPTYPES = [(["build", "link"], 55), (["link"], 15), (["build"], 20), (["run"], 8), (["build", "run"], 2)]
PACKAGES = ["pkg%03d" % i for i in range(max(50, n_nodes // 12))]

nodes = []  # dicts: hash, name, version, layer, deps [(idx, deptypes)]
by_layer = [[] for _ in range(LAYERS)]
# Two compilers and a few build tools every package builds with.
for i, (name, version) in enumerate([("gcc", "12.3.0"), ("gcc", "13.2.0"), ("cmake", "3.27.7"),
                                      ("gmake", "4.4.1"), ("pkgconf", "2.0.3")]):
    nodes.append({"hash": dag_hash("tool%d" % i), "name": name, "version": version, "layer": 0, "deps": []})
tools = list(range(len(nodes)))
for i in range(len(nodes), n_nodes):
    layer = min(LAYERS - 1, int(rng.random() ** 0.8 * LAYERS))
    name = PACKAGES[i % len(PACKAGES)]
    node = {"hash": dag_hash("node%d-%d" % (seed, i)), "name": name,
            "version": "%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 20), rng.randint(0, 9)),
            "layer": layer, "deps": [(rng.choice(tools[:2]), ["build"]), (rng.choice(tools[2:]), ["build"])]}
    lower = [j for l in range(max(0, layer - 3), layer) for j in by_layer[l]]
    if lower:
        seen = set()
        for _ in range(rng.randint(1, 4)):
            j = rng.choice(lower)
            if j in seen or nodes[j]["name"] == name:
                continue
            seen.add(j)
            types = rng.choices([d for d, _ in DEPTYPES], [w for _, w in DEPTYPES])[0]
            node["deps"].append((j, types))
    by_layer[layer].append(len(nodes))
    nodes.append(node)


def closure(idx, memo={}):
    if idx not in memo:
        s = {idx}
        for j, _ in nodes[idx]["deps"]:
            s |= closure(j)
        memo[idx] = s
    return memo[idx]


upper = [j for l in range(4, LAYERS) for j in by_layer[l]]
sizes = []
for r in range(n_roots):
    while True:
        deps = rng.sample(upper, rng.randint(3, 9))
        dag = set()
        for d in deps:
            dag |= closure(d)
        if 39 <= len(dag) <= 149:
            break
    root = {"hash": dag_hash("root%d-%d" % (seed, r)), "name": "app%04d" % r, "version": "1.0",
            "deps": [(d, ["build", "link"]) for d in deps] + [(0, ["build"])]}
    dag |= {0}
    members = [root] + [nodes[j] for j in sorted(dag)]
    doc_nodes = []
    for n in members:
        entry = {"name": n["name"], "version": n["version"],
                 "arch": {"platform": "linux", "platform_os": "debian12", "target": "x86_64_v3"},
                 "namespace": "builtin", "parameters": {"shared": True, "cflags": [], "ldflags": []},
                 "hash": n["hash"]}
        if n["deps"]:
            entry["dependencies"] = [
                {"name": nodes[j]["name"], "hash": nodes[j]["hash"],
                 "parameters": {"deptypes": t, "virtuals": ["c", "cxx"] if j < 2 else []}}
                for j, t in n["deps"]]
        doc_nodes.append(entry)
    sizes.append(len(doc_nodes))
    print(json.dumps({"spec": {"_meta": {"version": 5}, "nodes": doc_nodes}}, separators=(",", ":")))
print("corpus: %d shared nodes, %d roots, DAG sizes %d..%d (mean %.1f)"
      % (n_nodes, n_roots, min(sizes), max(sizes), sum(sizes) / len(sizes)), file=sys.stderr)
